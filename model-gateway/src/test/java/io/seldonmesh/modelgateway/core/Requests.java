package io.seldonmesh.modelgateway.core;

import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;

/** Small V2 requests for tests. */
public final class Requests {

    private Requests() {
    }

    /** One FP32 input named {@code input} of shape {@code [1, n]}. */
    public static ModelInferRequest fp32(String id, float... values) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (float value : values) {
            contents.addFp32Contents(value);
        }
        return ModelInferRequest.newBuilder()
                .setId(id)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("input").setDatatype("FP32").addShape(1).addShape(values.length)
                        .setContents(contents))
                .build();
    }

    /** The same as JSON. */
    public static String fp32Json(String id, float... values) {
        StringBuilder data = new StringBuilder();
        for (float value : values) {
            data.append(data.length() == 0 ? "" : ",").append(value);
        }
        return "{\"id\":\"" + id + "\",\"inputs\":[{\"name\":\"input\",\"shape\":[1," + values.length
                + "],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}";
    }
}
