package io.seldonmesh.common.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusRecordsTest {

    private static final Instant AT = Instant.parse("2026-11-26T07:15:30.123Z");

    @Test
    void modelStatusUsesTheContractFieldNames() {
        ModelStatus status = new ModelStatus(ModelState.AVAILABLE, "1", "mlserver-0",
                new Endpoints("http://10.0.0.7:9500", "10.0.0.7:9501"), "loaded", "sha256", AT);
        assertThat(json(status.toJson())).isEqualTo("{\"state\":\"Available\",\"version\":\"1\","
                + "\"server\":\"mlserver-0\",\"endpoints\":{\"rest\":\"http://10.0.0.7:9500\","
                + "\"grpc\":\"10.0.0.7:9501\"},\"reason\":\"loaded\",\"verification\":\"sha256\","
                + "\"updatedAt\":\"2026-11-26T07:15:30.123Z\"}");
        assertThat(ModelStatus.parse(status.toJson())).isEqualTo(status);
    }

    @Test
    void everyModelStateHasItsContractSpelling() {
        for (var expected : new String[][] {{"LOADING", "Loading"}, {"AVAILABLE", "Available"},
                {"LOAD_FAILED", "LoadFailed"}, {"UNLOADING", "Unloading"}, {"UNLOADED", "Unloaded"}}) {
            ModelStatus status = new ModelStatus(ModelState.valueOf(expected[0]), null, null, null, null, null, AT);
            assertThat(json(status.toJson())).isEqualTo("{\"state\":\"" + expected[1]
                    + "\",\"updatedAt\":\"2026-11-26T07:15:30.123Z\"}");
        }
    }

    @Test
    void modelStatusFromANewerWriterIgnoresFieldsItDoesNotKnow() {
        ModelStatus status = ModelStatus.parse(utf8("{\"state\":\"LoadFailed\",\"reason\":\"403 from S3\","
                + "\"updatedAt\":\"2026-11-26T07:15:30Z\",\"attempts\":3}"));
        assertThat(status.state()).isEqualTo(ModelState.LOAD_FAILED);
        assertThat(status.reason()).isEqualTo("403 from S3");
    }

    @Test
    void modelStatusWithUnknownStateIsRejectedNamingTheRecord() {
        assertThatThrownBy(() -> ModelStatus.parse(utf8("{\"state\":\"Ready\",\"updatedAt\":\"2026-11-26T07:15:30Z\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ModelStatus record is not valid")
                .hasMessageContaining("Ready")
                .hasMessageContaining("value was: {\"state\":\"Ready\"");
    }

    @Test
    void modelStatusWithoutStateIsRejectedListingTheStates() {
        assertThatThrownBy(() -> ModelStatus.parse(utf8("{\"updatedAt\":\"2026-11-26T07:15:30Z\"}")))
                .hasMessage("ModelStatus record is not valid: model status needs a state: one of Loading, Available,"
                        + " LoadFailed, Unloading, Unloaded; value was: {\"updatedAt\":\"2026-11-26T07:15:30Z\"}");
    }

    @Test
    void tombstoneIsNotAStatus() {
        assertThatThrownBy(() -> PipelineStatus.parse(null)).hasMessageContaining("has no value (a tombstone?)");
    }

    @Test
    void modelStatusKeyIsModelSlashReplica() {
        ModelStatusKey key = new ModelStatusKey("iris", "mlserver-0");
        assertThat(key).hasToString("iris/mlserver-0");
        assertThat(ModelStatusKey.parse(key.toBytes())).isEqualTo(key);
        assertThatThrownBy(() -> ModelStatusKey.parse("iris")).hasMessageContaining("is not <model>/<replica>");
    }

    @Test
    void pipelineStatusUsesTheContractFieldNames() {
        PipelineStatus status = new PipelineStatus(PipelineState.FAILED, "step tfsimple3: model not available", AT);
        assertThat(json(status.toJson())).isEqualTo("{\"state\":\"Failed\",\"reason\":\"step tfsimple3: model not"
                + " available\",\"updatedAt\":\"2026-11-26T07:15:30.123Z\"}");
        assertThat(PipelineStatus.parse(status.toJson())).isEqualTo(status);
        for (var expected : new String[][] {{"CREATING", "Creating"}, {"READY", "Ready"},
                {"TERMINATED", "Terminated"}}) {
            PipelineStatus other = new PipelineStatus(PipelineState.valueOf(expected[0]), null, AT);
            assertThat(json(other.toJson())).startsWith("{\"state\":\"" + expected[1] + "\"");
        }
    }

    @Test
    void credentialEventUsesTheContractFieldNamesAndCarriesOnlyAFingerprint() {
        String sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        CredentialEvent event = new CredentialEvent("seldon-mesh", "kafka-sasl", "48213", sha,
                CredentialEvent.Change.MODIFIED);
        assertThat(json(event.toJson())).isEqualTo("{\"namespace\":\"seldon-mesh\",\"name\":\"kafka-sasl\","
                + "\"resourceVersion\":\"48213\",\"sha256\":\"" + sha + "\",\"event\":\"MODIFIED\"}");
        assertThat(CredentialEvent.parse(event.toJson())).isEqualTo(event);
    }

    @Test
    void credentialEventRefusesAnythingButAHexFingerprint() {
        assertThatThrownBy(() -> new CredentialEvent("ns", "s", "1", "c2VjcmV0", CredentialEvent.Change.ADDED))
                .hasMessageContaining("has sha256 'c2VjcmV0': expected 64 lowercase hex digits");
        assertThatThrownBy(() -> new CredentialEvent("ns", "s", "1", null, CredentialEvent.Change.ADDED))
                .hasMessageContaining("needs the sha256 fingerprint");
        assertThat(new CredentialEvent("ns", "s", "2", null, CredentialEvent.Change.DELETED).sha256()).isNull();
    }

    @Test
    void deletionAndInvalidRecordsKeepTheSha256FieldAndReadBack() {
        CredentialEvent deleted = new CredentialEvent("ns", "s", "2", null, CredentialEvent.Change.DELETED);
        assertThat(json(deleted.toJson())).isEqualTo(
                "{\"namespace\":\"ns\",\"name\":\"s\",\"resourceVersion\":\"2\",\"sha256\":null,\"event\":\"DELETED\"}");
        assertThat(CredentialEvent.parse(deleted.toJson())).isEqualTo(deleted);
        CredentialEvent invalid = new CredentialEvent("ns", "s", "3", "a".repeat(64), CredentialEvent.Change.INVALID);
        assertThat(CredentialEvent.parse(invalid.toJson())).isEqualTo(invalid);
    }

    private static String json(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
