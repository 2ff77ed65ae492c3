package io.seldonmesh.common.v2;

import io.seldonmesh.common.v2.proto.InferTensorContents;

import java.util.ArrayList;
import java.util.List;

/** The typed fields of {@link InferTensorContents}; {@link Datatype#contentsField()} says which one a datatype uses. */
public enum ContentsField {
    BOOL_CONTENTS("bool_contents"),
    INT_CONTENTS("int_contents"),
    INT64_CONTENTS("int64_contents"),
    UINT_CONTENTS("uint_contents"),
    UINT64_CONTENTS("uint64_contents"),
    FP32_CONTENTS("fp32_contents"),
    FP64_CONTENTS("fp64_contents"),
    BYTES_CONTENTS("bytes_contents");

    private final String protoName;

    ContentsField(String protoName) {
        this.protoName = protoName;
    }

    /** The field name as written in grpc_service.proto, e.g. {@code fp32_contents}; used in messages. */
    public String protoName() {
        return protoName;
    }

    /** Number of elements this field holds in {@code contents}. */
    public int count(InferTensorContents contents) {
        return switch (this) {
            case BOOL_CONTENTS -> contents.getBoolContentsCount();
            case INT_CONTENTS -> contents.getIntContentsCount();
            case INT64_CONTENTS -> contents.getInt64ContentsCount();
            case UINT_CONTENTS -> contents.getUintContentsCount();
            case UINT64_CONTENTS -> contents.getUint64ContentsCount();
            case FP32_CONTENTS -> contents.getFp32ContentsCount();
            case FP64_CONTENTS -> contents.getFp64ContentsCount();
            case BYTES_CONTENTS -> contents.getBytesContentsCount();
        };
    }

    /** The fields of {@code contents} that hold at least one element, in declaration order. */
    static List<ContentsField> populated(InferTensorContents contents) {
        List<ContentsField> fields = new ArrayList<>();
        for (ContentsField field : values()) {
            if (field.count(contents) > 0) {
                fields.add(field);
            }
        }
        return fields;
    }
}
