package io.seldonmesh.common.kafka.client;

import io.seldonmesh.common.config.SecretText;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.RealmCallback;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.jboss.logging.Logger;

/**
 * SASL PLAIN and SCRAM client credentials with the password read from the mounted file at every authentication.
 *
 * <p>Kafka's own handler answers with the password the login module captured once, at client start-up; this one
 * (set as {@code sasl.client.callback.handler.class}) reads {@code KAFKA_CLIENT_SASL_PASSWORD_LOCATION} each time a
 * connection authenticates, so after a password rotation the next connection, or re-authentication, uses the new
 * password and established connections carry on untouched. The user name comes from the JAAS {@code username}
 * option, the file from the {@value #PASSWORD_LOCATION} property, both set by {@link KafkaClientProperties}.
 */
public final class PasswordFileCallbackHandler implements AuthenticateCallbackHandler {

    public static final String PASSWORD_LOCATION = "seldonmesh.sasl.password.location";

    private static final Logger LOG = Logger.getLogger(PasswordFileCallbackHandler.class);

    private String username;
    private CredentialFile passwordFile;
    private String lastDigest;

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        Object location = configs.get(PASSWORD_LOCATION);
        if (location == null) {
            throw new ConfigException(PASSWORD_LOCATION, null, "the SASL password file is not configured");
        }
        passwordFile = new CredentialFile(SeldonKafkaSettings.KAFKA_CLIENT_SASL_PASSWORD_LOCATION, Path.of(location.toString()));
        username = jaasConfigEntries.stream()
                .map(entry -> (String) entry.getOptions().get("username"))
                .filter(name -> name != null)
                .findFirst()
                .orElseThrow(() -> new ConfigException("sasl.jaas.config has no username option for " + saslMechanism));
    }

    @Override
    public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(username);
            } else if (callback instanceof PasswordCallback password) {
                password.setPassword(currentPassword().toCharArray());
            } else if (callback instanceof RealmCallback realm) {
                realm.setText(realm.getDefaultText());
            } else if (callback instanceof AuthorizeCallback authorize) {
                authorize.setAuthorized(authorize.getAuthenticationID().equals(authorize.getAuthorizationID()));
                if (authorize.isAuthorized()) {
                    authorize.setAuthorizedID(authorize.getAuthorizationID());
                }
            } else if (!(callback instanceof ScramExtensionsCallback) && !(callback instanceof SaslExtensionsCallback)) {
                // SCRAM and PLAIN ask for extensions; Seldon defines none, and an unanswered callback means none.
                throw new UnsupportedCallbackException(callback, "Unrecognized SASL client callback " + callback.getClass().getName());
            }
        }
    }

    @Override
    public void close() {
        // No resources: the file is opened and closed per read.
    }

    private synchronized String currentPassword() throws IOException {
        CredentialFile.Snapshot snapshot = passwordFile.read();
        if (lastDigest != null && !lastDigest.equals(snapshot.digest())) {
            LOG.infof("Picked up a new SASL password for user %s from %s (file modified %s); new connections use it",
                    username, passwordFile, snapshot.modified());
        }
        lastDigest = snapshot.digest();
        return SecretText.of(snapshot.content());
    }
}
