package io.seldonmesh.common.v2;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class V2JsonErrorTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void errorBodyIsTheProtocolErrorObjectWithEscaping() {
        assertThat(new String(V2Json.writeError("input 'x' has \"bad\" data"), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"input 'x' has \\\"bad\\\" data\"}");
    }

    @Test
    void errorMessageIsReadFromTheProtocolErrorObject() {
        assertThat(V2Json.errorMessage(V2Json.writeError("model not found"))).isEqualTo("model not found");
    }

    @Test
    void errorMessageFallsBackToTheBodyTextWhenItIsNotTheProtocolForm() {
        assertThat(V2Json.errorMessage(utf8(" upstream connect error \n"))).isEqualTo("upstream connect error");
        assertThat(V2Json.errorMessage(utf8("{\"detail\":\"x\"}"))).isEqualTo("{\"detail\":\"x\"}");
        assertThat(V2Json.errorMessage(new byte[0])).isEqualTo("(empty body)");
    }

    @Test
    void longErrorBodiesAreCut() {
        assertThat(V2Json.errorMessage(utf8("x".repeat(5000)))).hasSize(2003).endsWith("...");
    }
}
