package io.seldonmesh.common.kafka.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seldonmesh.common.config.InvalidSettingException;
import io.seldonmesh.common.config.OAuthSecret;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.oauthbearer.ClientCredentialsJwtRetriever;
import org.apache.kafka.common.security.oauthbearer.JwtRetriever;
import org.apache.kafka.common.security.oauthbearer.JwtRetrieverException;
import org.jboss.logging.Logger;

/**
 * OAuth client-credentials tokens for SASL OAUTHBEARER, with the Seldon OAuth secret read from its mounted directory
 * at every token fetch.
 *
 * <p>Kafka's {@link ClientCredentialsJwtRetriever} takes the client id and secret once, at configuration. This
 * retriever (set as {@code sasl.oauthbearer.jwt.retriever.class}, called by Kafka's own
 * {@code OAuthBearerLoginCallbackHandler} at login and at each token refresh) re-reads {@code client_id},
 * {@code client_secret}, {@code token_endpoint_url} and {@code scope} first and, when they changed, hands the new
 * values to a fresh built-in retriever. A rotated client secret is therefore used from the next token refresh (Kafka
 * refreshes at about 80% of the token's lifetime), without a restart. SASL extensions are sent by the login module
 * from its JAAS options, which Kafka reads once: a change of {@code extensions} needs a restart.
 */
public final class OAuthSecretJwtRetriever implements JwtRetriever {

    /**
     * The JAAS option of {@code OAuthBearerLoginModule} that names the secret directory. It lives in the JAAS entry,
     * not in a client property, because Kafka shares one login (and so one retriever) between clients whose JAAS entry
     * and {@code sasl.*} properties are equal: two secrets must never share one.
     */
    public static final String SECRET_LOCATION_OPTION = "seldonSecretLocation";

    private static final Logger LOG = Logger.getLogger(OAuthSecretJwtRetriever.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // The principal Kafka derives from the token, per secret directory, for error messages that name it.
    private static final Map<Path, String> SUBJECTS = new ConcurrentHashMap<>();

    private Map<String, ?> configs;
    private String saslMechanism;
    private List<AppConfigurationEntry> jaasConfigEntries;
    private Path directory;
    private String activeDigest;
    private ClientCredentialsJwtRetriever delegate;

    /** The {@code sub} claim of the last token fetched with the secret in this directory, if any. */
    public static Optional<String> lastTokenSubject(Path directory) {
        return Optional.ofNullable(SUBJECTS.get(directory));
    }

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        Object location = jaasConfigEntries.stream()
                .map(entry -> entry.getOptions().get(SECRET_LOCATION_OPTION))
                .filter(value -> value != null)
                .findFirst()
                .orElseThrow(() -> new ConfigException("sasl.jaas.config has no " + SECRET_LOCATION_OPTION
                        + " option naming the mounted OAuth secret"));
        this.configs = configs;
        this.saslMechanism = saslMechanism;
        this.jaasConfigEntries = jaasConfigEntries;
        this.directory = Path.of(location.toString());
        try {
            delegateFor(readSecret());
        } catch (InvalidSettingException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    @Override
    public synchronized String retrieve() throws JwtRetrieverException {
        OAuthSecret secret;
        try {
            secret = readSecret();
        } catch (InvalidSettingException e) {
            throw new JwtRetrieverException("The mounted OAuth secret is not usable: " + e.getMessage());
        }
        String token = delegateFor(secret).retrieve();
        subjectOf(token).ifPresent(subject -> SUBJECTS.put(directory, subject));
        return token;
    }

    @Override
    public synchronized void close() throws IOException {
        if (delegate != null) {
            delegate.close();
        }
    }

    private OAuthSecret readSecret() {
        return OAuthSecret.read(SeldonKafkaSettings.KAFKA_CLIENT_OAUTH_SECRET_LOCATION, directory);
    }

    private synchronized ClientCredentialsJwtRetriever delegateFor(OAuthSecret secret) {
        String digest = CredentialFile.digest(
                secret.clientId().getBytes(StandardCharsets.UTF_8),
                secret.clientSecret().getBytes(StandardCharsets.UTF_8),
                secret.tokenEndpointUrl().getBytes(StandardCharsets.UTF_8),
                secret.scope().orElse("").getBytes(StandardCharsets.UTF_8));
        if (digest.equals(activeDigest)) {
            return delegate;
        }
        OAuthAllowedUrls.allow(secret.tokenEndpointUrl());
        Map<String, Object> withSecret = new HashMap<>(configs);
        withSecret.put(SaslConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL, secret.tokenEndpointUrl());
        withSecret.put(SaslConfigs.SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_ID, secret.clientId());
        withSecret.put(SaslConfigs.SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_SECRET, new Password(secret.clientSecret()));
        withSecret.remove(SaslConfigs.SASL_OAUTHBEARER_SCOPE);
        secret.scope().ifPresent(scope -> withSecret.put(SaslConfigs.SASL_OAUTHBEARER_SCOPE, scope));
        ClientCredentialsJwtRetriever next = new ClientCredentialsJwtRetriever();
        next.configure(withSecret, saslMechanism, jaasConfigEntries);
        if (delegate != null) {
            closeQuietly(delegate);
            LOG.infof("Picked up new OAuth client credentials from %s=%s for the next token fetch: client_id %s, token endpoint %s",
                    SeldonKafkaSettings.KAFKA_CLIENT_OAUTH_SECRET_LOCATION, directory, secret.clientId(), secret.tokenEndpointUrl());
        }
        delegate = next;
        activeDigest = digest;
        return next;
    }

    private static Optional<String> subjectOf(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return Optional.ofNullable(claims.path("sub").textValue());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(ClientCredentialsJwtRetriever retriever) {
        try {
            retriever.close();
        } catch (IOException e) {
            LOG.debugf("Closing the previous OAuth token retriever failed: %s", e.getMessage());
        }
    }
}
