package io.seldonmesh.pipelinegateway.overview;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OverviewRedactionTest {

    @Test
    void bearerTokensAndJwtsAreHidden() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
        assertThat(Redaction.redact("call refused: Authorization: Bearer abc.def-123 and token " + jwt))
                .doesNotContain("abc.def-123").doesNotContain(jwt).contains("Bearer ***");
    }

    @Test
    void settingsThatNameASecretKeepTheirNameButNotTheirValue() {
        String redacted = Redaction.redact("client_secret=s3cr3t password: \"hunter2\" aws_secret_access_key=AbC/123"
                + " sasl.jaas.config=org.apache.kafka...ScramLoginModule");
        assertThat(redacted).doesNotContain("s3cr3t", "hunter2", "AbC/123", "ScramLoginModule")
                .contains("client_secret=***", "password: \"***", "aws_secret_access_key=***");
    }

    @Test
    void urlPasswordsAccessKeyIdsAndPrivateKeysAreHidden() {
        String redacted = Redaction.redact("GET https://alice:pa55w0rd@s3.example.com/models failed with key"
                + " AKIAIOSFODNN7EXAMPLE\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----");
        assertThat(redacted).doesNotContain("pa55w0rd", "AKIAIOSFODNN7EXAMPLE", "MIIEvQIBADANBg")
                .contains("https://alice:***@s3.example.com/models", "[private key ***]");
    }

    @Test
    void anOrdinaryModelErrorIsLeftAsItIs() {
        String error = "model 'iris' failed: input 'input' has shape [1,3], the model expects [-1,4]";
        assertThat(Redaction.redact(error)).isEqualTo(error);
    }

    @Test
    void errorNoticesAreRedactedWhenMade() {
        ErrorNotice notice = ErrorNotice.of(java.time.Instant.EPOCH, "tfsimple2", "tfsimples", "r1",
                "  upstream said token=abcdef  ");
        assertThat(notice.message()).isEqualTo("upstream said token=***");
        assertThat(notice.isOf("tfsimples", "tfsimple2")).isTrue();
        assertThat(notice.isOf("tfsimples", "tfsimple1")).isFalse();
    }
}
