package io.seldonmesh.common.kafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seldonmesh.testkit.CapturedLog;
import io.seldonmesh.testkit.OAuthServer;
import io.seldonmesh.testkit.RealServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.oauthbearer.JwtRetrieverException;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token fetches against a real OAuth2 token endpoint, with the Seldon OAuth secret changing on disk between them. */
@RealServers
class OAuthSecretJwtRetrieverTest {

    @TempDir
    Path dir;

    private static Map<String, byte[]> seldonSecret(String clientId, String clientSecret, String tokenEndpoint) {
        Map<String, byte[]> keys = new HashMap<>();
        keys.put("method", "OIDC".getBytes(StandardCharsets.UTF_8));
        keys.put("client_id", clientId.getBytes(StandardCharsets.UTF_8));
        keys.put("client_secret", clientSecret.getBytes(StandardCharsets.UTF_8));
        keys.put("token_endpoint_url", tokenEndpoint.getBytes(StandardCharsets.UTF_8));
        keys.put("extensions", new byte[0]);
        keys.put("scope", new byte[0]);
        return keys;
    }

    private static OAuthSecretJwtRetriever retriever(Path secretDirectory) {
        // The parsed client settings the retriever reads besides its own, at Kafka's defaults.
        Map<String, Object> configs = new HashMap<>();
        configs.put(SaslConfigs.SASL_LOGIN_RETRY_BACKOFF_MS, 100L);
        configs.put(SaslConfigs.SASL_LOGIN_RETRY_BACKOFF_MAX_MS, 1000L);
        OAuthSecretJwtRetriever retriever = new OAuthSecretJwtRetriever();
        retriever.configure(configs, "OAUTHBEARER", List.of(new AppConfigurationEntry(OAuthBearerLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                Map.of(OAuthSecretJwtRetriever.SECRET_LOCATION_OPTION, secretDirectory.toString()))));
        return retriever;
    }

    private static String subject(String jwt) throws IOException {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).path("sub").asText();
    }

    @Test
    void everyTokenFetchUsesTheClientCredentialsMountedAtThatMoment(OAuthServer oauth) throws Exception {
        MountedSecret secret = MountedSecret.create(dir.resolve("kafka-oauth"),
                seldonSecret("seldon-client", "first-secret", oauth.tokenEndpoint()));
        OAuthSecretJwtRetriever retriever = retriever(secret.directory());
        try (CapturedLog log = CapturedLog.of(OAuthSecretJwtRetriever.class)) {
            assertThat(subject(retriever.retrieve())).isEqualTo("seldon-client");

            secret.update(seldonSecret("rotated-client", "second-secret", oauth.tokenEndpoint()));
            assertThat(subject(retriever.retrieve())).isEqualTo("rotated-client");
            assertThat(OAuthSecretJwtRetriever.lastTokenSubject(secret.directory())).contains("rotated-client");

            assertThat(log.lines()).containsExactly("Picked up new OAuth client credentials from KAFKA_CLIENT_OAUTH_SECRET_LOCATION="
                    + secret.directory() + " for the next token fetch: client_id rotated-client, token endpoint " + oauth.tokenEndpoint());
        } finally {
            retriever.close();
        }
    }

    @Test
    void secretThatBecameInvalidFailsTheFetchNamingTheKey(OAuthServer oauth) throws Exception {
        MountedSecret secret = MountedSecret.create(dir.resolve("kafka-oauth"),
                seldonSecret("seldon-client", "first-secret", oauth.tokenEndpoint()));
        OAuthSecretJwtRetriever retriever = retriever(secret.directory());
        try {
            Map<String, byte[]> broken = seldonSecret("seldon-client", "first-secret", oauth.tokenEndpoint());
            broken.put("method", "SAML".getBytes(StandardCharsets.UTF_8));
            secret.update(broken);
            assertThatThrownBy(retriever::retrieve)
                    .isInstanceOf(JwtRetrieverException.class)
                    .hasMessage("The mounted OAuth secret is not usable: KAFKA_CLIENT_OAUTH_SECRET_LOCATION=" + secret.directory()
                            + ": method=SAML is not OIDC, the only method Seldon's OAuth secret supports");
        } finally {
            retriever.close();
        }
    }
}
