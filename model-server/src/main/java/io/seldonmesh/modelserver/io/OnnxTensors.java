package io.seldonmesh.modelserver.io;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import com.google.protobuf.ByteString;
import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.common.v2.Tensor;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Moves tensors between the V2 form and ONNX Runtime. Numeric data goes through the V2 raw form
 * (little-endian, row-major, BOOL one byte), which is exactly ONNX Runtime's buffer layout on the
 * little-endian machines this runs on, so no element is converted one by one; BYTES travel as
 * strings.
 */
final class OnnxTensors {

    private OnnxTensors() {
    }

    /**
     * The V2 datatype of an ONNX tensor type the Java API can both feed and read; empty for the
     * rest (unsigned 16/32/64-bit, complex, 8-bit floats), which the Java API has no buffer type for.
     */
    static Optional<Datatype> datatypeOf(OnnxTensorType type) {
        return Optional.ofNullable(switch (type) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> Datatype.FP32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> Datatype.FP64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> Datatype.FP16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> Datatype.BF16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> Datatype.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> Datatype.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> Datatype.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> Datatype.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> Datatype.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> Datatype.BOOL;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> Datatype.BYTES;
            default -> null;
        });
    }

    static OnnxTensor toOnnx(OrtEnvironment environment, Tensor tensor) throws OrtException {
        if (tensor.datatype() == Datatype.BYTES) {
            return OnnxTensor.createTensor(environment, tensor.strings().toArray(String[]::new), tensor.shape());
        }
        ByteString raw = tensor.raw();
        ByteBuffer buffer = ByteBuffer.allocateDirect(raw.size()).order(ByteOrder.LITTLE_ENDIAN);
        raw.copyTo(buffer);
        buffer.flip();
        return OnnxTensor.createTensor(environment, buffer, tensor.shape(), javaType(tensor.datatype()));
    }

    static Tensor fromOnnx(String name, Datatype datatype, OnnxTensor value) throws OrtException {
        TensorInfo info = value.getInfo();
        if (datatype == Datatype.BYTES) {
            List<String> strings = new ArrayList<>();
            flatten(value.getValue(), strings);
            return Tensor.ofStrings(name, info.getShape(), strings);
        }
        return Tensor.ofRaw(name, datatype, info.getShape(), ByteString.copyFrom(value.getByteBuffer()));
    }

    private static OnnxJavaType javaType(Datatype datatype) {
        return switch (datatype) {
            case FP32 -> OnnxJavaType.FLOAT;
            case FP64 -> OnnxJavaType.DOUBLE;
            case FP16 -> OnnxJavaType.FLOAT16;
            case BF16 -> OnnxJavaType.BFLOAT16;
            case INT8 -> OnnxJavaType.INT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case UINT8 -> OnnxJavaType.UINT8;
            case BOOL -> OnnxJavaType.BOOL;
            default -> throw new IllegalArgumentException(datatype + " has no ONNX Runtime Java buffer type");
        };
    }

    /** String tensors come back as nested String arrays, one level per dimension. */
    private static void flatten(Object value, List<String> into) {
        if (value instanceof String text) {
            into.add(text);
        } else if (value instanceof String[] texts) {
            into.addAll(Arrays.asList(texts));
        } else {
            for (int i = 0; i < Array.getLength(value); i++) {
                flatten(Array.get(value, i), into);
            }
        }
    }
}
