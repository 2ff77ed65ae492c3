package io.seldonmesh.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretDataTest {

    @Test
    void fingerprintFollowsTheDocumentedRecipe() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update("a\n1\nx".getBytes(StandardCharsets.UTF_8));
        digest.update("b\n2\nyz".getBytes(StandardCharsets.UTF_8));
        String expected = HexFormat.of().formatHex(digest.digest());
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put("b", "yz");
        reversed.put("a", "x");
        assertThat(SecretData.ofText(reversed).sha256()).isEqualTo(expected);
    }

    @Test
    void lengthPrefixKeepsDifferentSplitsApart() {
        assertThat(SecretData.ofText(Map.of("a", "b\nc")).sha256()).isNotEqualTo(SecretData.ofText(Map.of("a", "b", "c", "")).sha256());
    }

    @Test
    void stringDataWinsOverData() {
        Secret secret = new SecretBuilder().withNewMetadata().withName("s").endMetadata()
                .withData(SecretData.ofText(Map.of("password", "old")).base64())
                .withStringData(Map.of("password", "new")).build();
        assertThat(SecretData.of(secret).text("password")).contains("new");
    }

    @Test
    void invalidBase64NamesTheKeyOnly() {
        Secret secret = new SecretBuilder().withNewMetadata().withName("s").endMetadata()
                .withData(Map.of("password", "%%%not-base64")).build();
        assertThatThrownBy(() -> SecretData.of(secret)).hasMessage("key password does not hold base64 data");
    }

    @Test
    void printingShowsKeysNotValues() {
        assertThat(SecretData.ofText(Map.of("password", "hunter2")).toString()).isEqualTo("SecretData[password]");
    }
}
