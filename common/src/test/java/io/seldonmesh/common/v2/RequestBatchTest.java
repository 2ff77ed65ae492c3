package io.seldonmesh.common.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.seldonmesh.common.v2.proto.InferParameter;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferRequest.InferInputTensor;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.common.v2.proto.ModelInferResponse.InferOutputTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestBatchTest {

    @Test
    void requestsStackAlongTheFirstDimensionInOrder() {
        ModelInferRequest a = rows("a", 1, 1f, 2f);
        ModelInferRequest b = rows("b", 2, 3f, 4f, 5f, 6f);

        ModelInferRequest merged = RequestBatch.of(List.of(a, b)).merged();

        assertThat(merged.getId()).isEmpty();
        assertThat(merged.getModelName()).isEqualTo("m");
        assertThat(merged.getInputs(0).getShapeList()).containsExactly(3L, 2L);
        assertThat(merged.getInputs(0).getContents().getFp32ContentsList()).containsExactly(1f, 2f, 3f, 4f, 5f, 6f);
    }

    @Test
    void anIdentityResponseIsCutBackIntoEachRequestsOwnAnswer() {
        ModelInferRequest a = rows("a", 1, 1f, 2f);
        ModelInferRequest b = rows("b", 2, 3f, 4f, 5f, 6f);
        RequestBatch batch = RequestBatch.of(List.of(a, b));

        RequestBatch.Split split = batch.split(identity(batch.merged()));

        assertThat(split.succeeded()).isTrue();
        assertThat(split.responses()).hasSize(2);
        assertThat(split.responses().get(0).getId()).isEqualTo("a");
        assertThat(split.responses().get(0).getModelVersion()).isEqualTo("1");
        assertThat(split.responses().get(0).getOutputs(0).getShapeList()).containsExactly(1L, 2L);
        assertThat(split.responses().get(0).getOutputs(0).getContents().getFp32ContentsList()).containsExactly(1f, 2f);
        assertThat(split.responses().get(1).getId()).isEqualTo("b");
        assertThat(split.responses().get(1).getOutputs(0).getShapeList()).containsExactly(2L, 2L);
        assertThat(split.responses().get(1).getOutputs(0).getContents().getFp32ContentsList())
                .containsExactly(3f, 4f, 5f, 6f);
    }

    @Test
    void rawContentsStackAndSplitByteForByte() {
        ModelInferRequest a = raw("a", 1, 7L);
        ModelInferRequest b = raw("b", 2, 8L, 9L);
        RequestBatch batch = RequestBatch.of(List.of(a, b));
        ModelInferRequest merged = batch.merged();

        assertThat(merged.getRawInputContentsCount()).isEqualTo(1);
        assertThat(merged.getRawInputContents(0)).isEqualTo(longs(7L, 8L, 9L));
        assertThat(merged.getInputs(0).hasContents()).isFalse();

        RequestBatch.Split split = batch.split(identity(merged));

        assertThat(split.succeeded()).isTrue();
        assertThat(split.responses().get(0).getRawOutputContents(0)).isEqualTo(longs(7L));
        assertThat(split.responses().get(1).getRawOutputContents(0)).isEqualTo(longs(8L, 9L));
        assertThat(split.responses().get(1).getOutputs(0).getShapeList()).containsExactly(2L, 1L);
    }

    @Test
    void typedStringsSplitByElement() {
        ModelInferRequest a = strings("a", "x");
        ModelInferRequest b = strings("b", "y", "z");
        RequestBatch batch = RequestBatch.of(List.of(a, b));

        RequestBatch.Split split = batch.split(identity(batch.merged()));

        assertThat(split.responses().get(1).getOutputs(0).getContents().getBytesContentsList())
                .containsExactly(ByteString.copyFromUtf8("y"), ByteString.copyFromUtf8("z"));
    }

    @Test
    void aResponseThatIsNotOneRowPerInputRowCannotBeSplit() {
        RequestBatch batch = RequestBatch.of(List.of(rows("a", 1, 1f, 2f), rows("b", 1, 3f, 4f)));
        ModelInferResponse summed = ModelInferResponse.newBuilder().setModelName("m")
                .addOutputs(InferOutputTensor.newBuilder().setName("sum").setDatatype("FP32").addShape(1).addShape(2)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(4f).addFp32Contents(6f)))
                .build();

        RequestBatch.Split split = batch.split(summed);

        assertThat(split.succeeded()).isFalse();
        assertThat(split.problem()).isEqualTo("output 'sum' has shape [1, 2], not 2 rows (the batch's)");
    }

    @Test
    void outputContentsThatDoNotMatchTheShapeCannotBeSplit() {
        RequestBatch batch = RequestBatch.of(List.of(rows("a", 1, 1f), rows("b", 1, 2f)));
        ModelInferResponse wrong = ModelInferResponse.newBuilder()
                .addOutputs(InferOutputTensor.newBuilder().setName("out").setDatatype("FP32").addShape(2).addShape(1)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1f)))
                .build();

        assertThat(batch.split(wrong).problem()).isEqualTo("output 'out' does not hold 2 elements");
    }

    @Test
    void onlyRequestsOfTheSameFormStack() {
        ModelInferRequest base = rows("a", 1, 1f, 2f);

        assertThat(RequestBatch.stackable(base, rows("b", 3, 1f, 2f, 3f, 4f, 5f, 6f))).isTrue();
        assertThat(RequestBatch.stackable(base, rows("b", 1, 1f, 2f, 3f))).as("another row width").isFalse();
        assertThat(RequestBatch.stackable(base, base.toBuilder().setInputs(0,
                base.getInputs(0).toBuilder().setName("other")).build())).as("another input name").isFalse();
        assertThat(RequestBatch.stackable(base, base.toBuilder().putParameters("temperature",
                InferParameter.newBuilder().setStringParam("hot").build()).build())).as("other parameters").isFalse();
        assertThat(RequestBatch.stackable(base, raw("b", 1, 1L))).as("raw against typed").isFalse();
        assertThat(RequestBatch.stackable(base, base.toBuilder().addOutputs(
                ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("input")).build()))
                .as("other requested outputs").isFalse();
    }

    @Test
    void requestsWithoutACommonFirstDimensionDoNotStack() {
        ModelInferRequest twoInputs = rows("a", 1, 1f).toBuilder()
                .addInputs(InferInputTensor.newBuilder().setName("other").setDatatype("FP32").addShape(2).addShape(1)
                        .setContents(InferTensorContents.newBuilder().addFp32Contents(1f).addFp32Contents(2f)))
                .build();
        ModelInferRequest scalar = ModelInferRequest.newBuilder().addInputs(InferInputTensor.newBuilder()
                .setName("s").setDatatype("FP32").setContents(InferTensorContents.newBuilder().addFp32Contents(1f)))
                .build();
        ModelInferRequest rawStrings = ModelInferRequest.newBuilder()
                .addInputs(InferInputTensor.newBuilder().setName("s").setDatatype("BYTES").addShape(1))
                .addRawInputContents(ByteString.copyFrom(new byte[] {1, 0, 0, 0, 'x'}))
                .build();

        assertThat(RequestBatch.rows(rows("a", 2, 1f, 2f))).contains(2L);
        assertThat(RequestBatch.rows(twoInputs)).isEmpty();
        assertThat(RequestBatch.rows(scalar)).isEmpty();
        assertThat(RequestBatch.rows(rawStrings)).isEmpty();
    }

    /** One FP32 input {@code input} of shape {@code [rows, values / rows]}. */
    private static ModelInferRequest rows(String id, long rows, float... values) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (float value : values) {
            contents.addFp32Contents(value);
        }
        return ModelInferRequest.newBuilder().setModelName("m").setId(id)
                .addInputs(InferInputTensor.newBuilder().setName("input").setDatatype("FP32")
                        .addShape(rows).addShape(values.length / rows).setContents(contents))
                .build();
    }

    private static ModelInferRequest raw(String id, long rows, long... values) {
        return ModelInferRequest.newBuilder().setModelName("m").setId(id)
                .addInputs(InferInputTensor.newBuilder().setName("input").setDatatype("INT64").addShape(rows)
                        .addShape(1))
                .addRawInputContents(longs(values))
                .build();
    }

    private static ModelInferRequest strings(String id, String... values) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (String value : values) {
            contents.addBytesContents(ByteString.copyFromUtf8(value));
        }
        return ModelInferRequest.newBuilder().setModelName("m").setId(id)
                .addInputs(InferInputTensor.newBuilder().setName("text").setDatatype("BYTES").addShape(values.length)
                        .setContents(contents))
                .build();
    }

    private static ByteString longs(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            buffer.putLong(value);
        }
        return ByteString.copyFrom(buffer.array());
    }

    /** What an identity model answers: every input back as an output, contents as they came. */
    private static ModelInferResponse identity(ModelInferRequest request) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder().setModelName(request.getModelName())
                .setModelVersion("1");
        for (InferInputTensor input : request.getInputsList()) {
            InferOutputTensor.Builder output = InferOutputTensor.newBuilder().setName(input.getName())
                    .setDatatype(input.getDatatype()).addAllShape(input.getShapeList());
            if (input.hasContents()) {
                output.setContents(input.getContents());
            }
            response.addOutputs(output);
        }
        response.addAllRawOutputContents(request.getRawInputContentsList());
        return response.build();
    }
}
