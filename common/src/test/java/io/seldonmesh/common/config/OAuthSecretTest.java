package io.seldonmesh.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OAuthSecretTest {

    static final String CLIENT_SECRET = "s3cr3t-value";

    @TempDir
    Path dir;

    /** A mounted Seldon OAuth secret with valid keys, changed or removed (null value) by {@code changes}. */
    static Path secretDirectory(Path parent, Map<String, String> changes) throws IOException {
        Path secret = Files.createDirectories(parent.resolve("kafka-oauth"));
        Map<String, String> keys = new HashMap<>(Map.of(
                "method", "OIDC",
                "client_id", "seldon-client",
                "client_secret", CLIENT_SECRET + "\n",
                "token_endpoint_url", "https://idp.example.com/oauth2/token",
                "extensions", "logicalCluster=lkc-123,identityPoolId=pool-456",
                "scope", ""));
        keys.putAll(changes);
        for (Map.Entry<String, String> key : keys.entrySet()) {
            Path file = secret.resolve(key.getKey());
            if (key.getValue() == null) {
                Files.deleteIfExists(file);
            } else {
                Files.writeString(file, key.getValue());
            }
        }
        return secret;
    }

    private OAuthSecret read(Map<String, String> changes) throws IOException {
        return OAuthSecret.read("KAFKA_CLIENT_OAUTH_SECRET_LOCATION", secretDirectory(dir, changes));
    }

    private void rejected(Map<String, String> changes, String message) {
        assertThatThrownBy(() -> read(changes)).isInstanceOf(InvalidSettingException.class).hasMessage(message);
    }

    @Test
    void seldonSecretKeysAreRead() throws IOException {
        OAuthSecret secret = read(Map.of());
        assertThat(secret.clientId()).isEqualTo("seldon-client");
        assertThat(secret.clientSecret()).isEqualTo(CLIENT_SECRET);
        assertThat(secret.tokenEndpointUrl()).isEqualTo("https://idp.example.com/oauth2/token");
        assertThat(secret.scope()).isEmpty();
        assertThat(secret.extensions()).containsExactly(Map.entry("logicalCluster", "lkc-123"), Map.entry("identityPoolId", "pool-456"));
    }

    @Test
    void scopeIsReadWhenSet() throws IOException {
        assertThat(read(Map.of("scope", "api://seldon/.default")).scope()).contains("api://seldon/.default");
    }

    @Test
    void missingOptionalKeysMeanNoScopeAndNoExtensions() throws IOException {
        Map<String, String> changes = new HashMap<>();
        changes.put("scope", null);
        changes.put("extensions", null);
        OAuthSecret secret = read(changes);
        assertThat(secret.scope()).isEmpty();
        assertThat(secret.extensions()).isEmpty();
    }

    @Test
    void directoryThatDoesNotExistIsRejected() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> OAuthSecret.read("KAFKA_CLIENT_OAUTH_SECRET_LOCATION", missing))
                .hasMessage("KAFKA_CLIENT_OAUTH_SECRET_LOCATION=" + missing + " is not a directory: mount the OAuth secret "
                        + "(keys method, client_id, client_secret, token_endpoint_url, extensions, scope) as a volume there");
    }

    @Test
    void methodOtherThanOidcIsRejected() {
        rejected(Map.of("method", "SAML"), "KAFKA_CLIENT_OAUTH_SECRET_LOCATION=" + dir.resolve("kafka-oauth")
                + ": method=SAML is not OIDC, the only method Seldon's OAuth secret supports");
    }

    @Test
    void missingClientIdIsRejectedNamingTheKey() {
        Map<String, String> changes = new HashMap<>();
        changes.put("client_id", null);
        rejected(changes, "KAFKA_CLIENT_OAUTH_SECRET_LOCATION=" + dir.resolve("kafka-oauth") + " has no file client_id: "
                + "the Seldon OAuth secret needs the keys method, client_id, client_secret, token_endpoint_url");
    }

    @Test
    void emptyClientSecretIsRejectedNamingTheFile() {
        rejected(Map.of("client_secret", ""), "KAFKA_CLIENT_OAUTH_SECRET_LOCATION key client_secret, file="
                + dir.resolve("kafka-oauth").resolve("client_secret") + " is empty: the secret key it comes from has no value");
    }

    @Test
    void tokenEndpointThatIsNotHttpIsRejected() {
        rejected(Map.of("token_endpoint_url", "file:///etc/token"), "KAFKA_CLIENT_OAUTH_SECRET_LOCATION=" + dir.resolve("kafka-oauth")
                + ": token_endpoint_url=file:///etc/token is not an http(s) URL with a host");
    }

    @Test
    void malformedExtensionIsRejectedNamingTheEntry() {
        rejected(Map.of("extensions", "logicalCluster=lkc-1,identity-pool=pool-2"), "KAFKA_CLIENT_OAUTH_SECRET_LOCATION="
                + dir.resolve("kafka-oauth") + ": extensions entry 'identity-pool=pool-2' is not key=value with a letters-only key "
                + "other than 'auth' (e.g. logicalCluster=lkc-123,identityPoolId=pool-456)");
    }

    @Test
    void descriptionLeavesTheClientSecretOut() throws IOException {
        assertThat(read(Map.of()).toString()).contains("seldon-client").doesNotContain(CLIENT_SECRET);
    }
}
