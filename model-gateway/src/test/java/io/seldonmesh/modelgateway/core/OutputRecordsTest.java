package io.seldonmesh.modelgateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.kafka.ErrorRecord;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.common.v2.proto.InferTensorContents;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class OutputRecordsTest {

    private final TopicNames topics = TopicNames.of("seldon", "prod");
    private final OutputRecords records = new OutputRecords(topics, 1_000_000, "KAFKA_MESSAGE_MAX_BYTES");

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<byte[], byte[]> request(int partition, String key, byte[] value, String... headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            recordHeaders.add(headers[i], utf8(headers[i + 1]));
        }
        return new ConsumerRecord<>("seldon.prod.model.iris.inputs", partition, 42, 0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, utf8(key), value, recordHeaders,
                Optional.empty());
    }

    @SafeVarargs
    private static ModelReply reply(float value, Map.Entry<String, String>... headers) {
        return new ModelReply(ModelInferResponse.newBuilder().setModelName("iris").setId("r1")
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("out").setDatatype("FP32")
                        .addShape(1).setContents(InferTensorContents.newBuilder().addFp32Contents(value)))
                .build(), List.of(headers));
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : text(header.value());
    }

    @Test
    void outputKeepsKeyPartitionAndRequestHeadersAndAddsTheModelServersHeaders() {
        ConsumerRecord<byte[], byte[]> in = request(2, "2.iris.r1", Requests.fp32("r1", 1).toByteArray(),
                "x-request-id", "r1", "pipeline", "p", "x-tenant", "acme");
        ModelInput input = ModelInput.decode("iris", in.key(), in.headers(), in.value());

        ProducerRecord<byte[], byte[]> out = records.output(input, in,
                reply(7, Map.entry("x-request-id", "r1"), Map.entry("x-model-server", "ms-0")), 2);

        assertThat(out.topic()).isEqualTo("seldon.prod.model.iris.outputs");
        assertThat(out.partition()).isEqualTo(2);
        assertThat(text(out.key())).isEqualTo("2.iris.r1");
        assertThat(header(out, "pipeline")).isEqualTo("p");
        assertThat(header(out, "x-tenant")).isEqualTo("acme");
        assertThat(header(out, "x-model-server")).isEqualTo("ms-0");
        assertThat(out.headers().headers("x-request-id")).hasSize(1);
        assertThat(header(out, "seldon-infer-type")).isNull();
        assertThat(out.value()).isEqualTo(reply(7).response().toByteArray());
    }

    @Test
    void outputAddsThisModelsHopToTheRequestsRoute() {
        ConsumerRecord<byte[], byte[]> in = request(0, "0.p.r1", Requests.fp32("r1", 1).toByteArray(),
                "x-request-id", "r1", "x-seldon-route", ":tokenizer_3:");
        ModelInput input = ModelInput.decode("iris", in.key(), in.headers(), in.value());
        ModelReply versioned = new ModelReply(reply(7).response().toBuilder().setModelVersion("2").build(), List.of());

        ProducerRecord<byte[], byte[]> out = records.output(input, in, versioned, 0);

        assertThat(out.headers().headers("x-seldon-route")).extracting(h -> text(h.value()))
                .containsExactly(":tokenizer_3:", ":iris_2:");
    }

    @Test
    void routeHopOfAModelServerThatSentItsOwnIsNotAddedTwice() {
        ConsumerRecord<byte[], byte[]> in = request(0, "0.p.r1", Requests.fp32("r1", 1).toByteArray(),
                "x-seldon-route", ":tokenizer_3:");
        ModelInput input = ModelInput.decode("iris", in.key(), in.headers(), in.value());

        ProducerRecord<byte[], byte[]> out = records.output(input, in,
                reply(7, Map.entry("x-seldon-route", ":iris_5:")), 0);

        assertThat(out.headers().headers("x-seldon-route")).extracting(h -> text(h.value()))
                .containsExactly(":tokenizer_3:", ":iris_5:");
    }

    @Test
    void routeHopWithoutAVersionIsTheModelAlone() {
        assertThat(OutputRecords.routeHop("iris", "")).isEqualTo(":iris:");
        assertThat(OutputRecords.routeHop("iris", "1")).isEqualTo(":iris_1:");
    }

    @Test
    void jsonRequestGetsAJsonResponseLabelledAsSuch() throws Exception {
        ConsumerRecord<byte[], byte[]> in = request(0, "k", utf8(Requests.fp32Json("j1", 1)),
                "seldon-infer-type", "json/inferModelRequest");
        ModelInput input = ModelInput.decode("iris", in.key(), in.headers(), in.value());

        ProducerRecord<byte[], byte[]> out = records.output(input, in, reply(5), null);

        assertThat(header(out, "seldon-infer-type")).isEqualTo("json/inferModelResponse");
        assertThat(out.headers().headers("seldon-infer-type")).hasSize(1);
        assertThat(V2Json.parseResponse(out.value()).getOutputs(0).getContents().getFp32ContentsList())
                .containsExactly(5f);
        assertThat(out.partition()).isNull();
    }

    @Test
    void headerlessJsonRequestGetsAJsonResponseThatSaysItIsJson() throws Exception {
        ConsumerRecord<byte[], byte[]> in = request(0, "k", utf8(Requests.fp32Json("j2", 1)));
        ModelInput input = ModelInput.decode("iris", in.key(), in.headers(), in.value());

        ProducerRecord<byte[], byte[]> out = records.output(input, in, reply(7), null);

        assertThat(header(out, "seldon-infer-type")).isEqualTo("json/inferModelResponse");
        assertThat(V2Json.parseResponse(out.value()).getOutputs(0).getContents().getFp32ContentsList())
                .containsExactly(7f);
    }

    @Test
    void protobufRequestLabelledAsSuchGetsTheProtobufResponseLabel() {
        ConsumerRecord<byte[], byte[]> in = request(0, "k", Requests.fp32("r", 1).toByteArray(),
                "seldon-infer-type", "proto/InferModelRequest");
        ModelInput input = ModelInput.decode("iris", in.key(), in.headers(), in.value());

        assertThat(header(records.output(input, in, reply(1), 0), "seldon-infer-type"))
                .isEqualTo("proto/InferModelResponse");
    }

    @Test
    void oversizeOutputBecomesAnErrorRecordNamingBothSizes() {
        OutputRecords small = new OutputRecords(topics, 1000, "KAFKA_MESSAGE_MAX_BYTES");
        ConsumerRecord<byte[], byte[]> in = request(0, "0.iris.big", Requests.fp32("big", 1).toByteArray());
        ModelInput input = ModelInput.decode("iris", in.key(), in.headers(), in.value());
        float[] many = new float[400];
        ModelInferResponse big = ModelInferResponse.newBuilder().setModelName("iris")
                .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("out").setDatatype("FP32")
                        .addShape(400).setContents(contents(many))).build();
        ProducerRecord<byte[], byte[]> out = small.output(input, in, new ModelReply(big, List.of()), 0);

        Optional<Rejection> rejection = small.tooLarge(out, "iris", "big");

        int size = OutputRecords.size(out);
        assertThat(size).isGreaterThan(1600);
        assertThat(rejection).isPresent();
        assertThat(rejection.get().status()).isEqualTo("MESSAGE_TOO_LARGE");
        assertThat(rejection.get().message()).isEqualTo("response of model 'iris' to request 'big' is "
                + io.seldonmesh.common.v2.InferenceSummary.humanBytes(size) + " (" + size
                + " bytes), larger than KAFKA_MESSAGE_MAX_BYTES = 1000 B (1000 bytes)");
        assertThat(records.tooLarge(out, "iris", "big")).isEmpty();
    }

    @Test
    void brokerRefusalNamesTheTopicsLimit() {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>("seldon.prod.model.iris.outputs", 0, utf8("k"),
                new byte[5000]);

        Rejection known = records.brokerRefused(out, "response of model 'iris'", OptionalLong.of(3000));
        Rejection unknown = records.brokerRefused(out, "response of model 'iris'", OptionalLong.empty());

        assertThat(known.message()).contains("larger than max.message.bytes of topic seldon.prod.model.iris.outputs"
                + " = 2.9 KiB (3000 bytes)").contains("(" + OutputRecords.size(out) + " bytes)");
        assertThat(unknown.message()).contains("could not be read");
        assertThat(known.action()).contains("kafka-configs.sh");
    }

    @Test
    void recordFitsOnlyWithinBothTheProducersAndTheTopicsLimit() {
        OutputRecords limited = new OutputRecords(topics, 6000, "KAFKA_MESSAGE_MAX_BYTES");
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>("seldon.prod.model.iris.outputs", 0, utf8("k"),
                new byte[5000]);
        int size = OutputRecords.size(out);

        assertThat(limited.fits(out, OptionalLong.empty())).isTrue();
        assertThat(limited.fits(out, OptionalLong.of(size))).isTrue();
        assertThat(limited.fits(out, OptionalLong.of(size - 1))).as("above the topic's limit").isFalse();
        assertThat(new OutputRecords(topics, size - 1, "KAFKA_MESSAGE_MAX_BYTES").fits(out, OptionalLong.of(10_000)))
                .as("above the producer's limit").isFalse();
    }

    @Test
    void errorRecordNamesTheModelAndKeepsTheRequestsKeyAndHeaders() {
        ConsumerRecord<byte[], byte[]> in = request(1, "1.iris.r9", utf8("garbage"), "x-request-id", "r9",
                "pipeline", "p");

        ProducerRecord<byte[], byte[]> error = records.error("iris", "r9", in,
                new Rejection("INVALID_INPUT", "record value is not a request", "fix it"), 1);

        assertThat(error.topic()).isEqualTo("seldon.prod.errors.errors");
        assertThat(error.partition()).isEqualTo(1);
        assertThat(text(error.key())).isEqualTo("1.iris.r9");
        assertThat(header(error, "seldon-pipeline-errors")).isEqualTo("iris");
        assertThat(header(error, "pipeline")).isEqualTo("p");
        ErrorRecord parsed = ErrorRecord.parse(error.key(), error.headers(), error.value());
        assertThat(parsed).isEqualTo(new ErrorRecord("iris", "r9", "INVALID_INPUT", "record value is not a request",
                "fix it"));
    }

    @Test
    void bareErrorKeepsOnlyTheRequestId() {
        ConsumerRecord<byte[], byte[]> in = request(1, "k", utf8("v"), "x-request-id", "r9", "x-huge", "...");

        ProducerRecord<byte[], byte[]> bare = records.bareError("iris", "r9", in, new Rejection("S", "m", null), null);

        assertThat(header(bare, "x-huge")).isNull();
        assertThat(header(bare, "x-request-id")).isEqualTo("r9");
        assertThat(header(bare, "seldon-pipeline-errors")).isEqualTo("iris");
    }

    @Test
    void answerGoesToTheRequestsPartitionWhenTheTargetTopicHasIt() {
        assertThat(OutputRecords.samePartition(2, 3)).isEqualTo(2);
        assertThat(OutputRecords.samePartition(3, 3)).isNull();
    }

    private static InferTensorContents contents(float[] values) {
        InferTensorContents.Builder builder = InferTensorContents.newBuilder();
        for (float value : values) {
            builder.addFp32Contents(value);
        }
        return builder.build();
    }
}
