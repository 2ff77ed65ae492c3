package io.seldonmesh.common.kafka.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import io.seldonmesh.testkit.CapturedLog;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.scram.ScramExtensionsCallback;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileCallbackHandlerTest {

    @TempDir
    Path dir;

    private static final List<AppConfigurationEntry> JAAS = List.of(new AppConfigurationEntry(ScramLoginModule.class.getName(),
            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("username", "alice")));

    private static PasswordFileCallbackHandler handler(Path passwordFile) {
        PasswordFileCallbackHandler handler = new PasswordFileCallbackHandler();
        handler.configure(Map.of(PasswordFileCallbackHandler.PASSWORD_LOCATION, passwordFile.toString()), "SCRAM-SHA-512", JAAS);
        return handler;
    }

    private static String[] authenticate(PasswordFileCallbackHandler handler) throws Exception {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        handler.handle(new Callback[] {name, password, new ScramExtensionsCallback()});
        return new String[] {name.getName(), new String(password.getPassword())};
    }

    private static Map<String, byte[]> password(String value) {
        return Map.of("password", value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answersWithTheJaasUserAndThePasswordInTheFile() throws Exception {
        MountedSecret secret = MountedSecret.create(dir.resolve("sasl"), password("first-password\n"));
        assertThat(authenticate(handler(secret.path("password")))).containsExactly("alice", "first-password");
    }

    @Test
    void rotatedSecretIsUsedByTheNextAuthenticationAndLoggedWithoutThePassword() throws Exception {
        MountedSecret secret = MountedSecret.create(dir.resolve("sasl"), password("first-password"));
        PasswordFileCallbackHandler handler = handler(secret.path("password"));
        assertThat(authenticate(handler)[1]).isEqualTo("first-password");
        try (CapturedLog log = CapturedLog.of(PasswordFileCallbackHandler.class)) {
            secret.update(password("second-password"));
            assertThat(authenticate(handler)[1]).isEqualTo("second-password");
            assertThat(authenticate(handler)[1]).isEqualTo("second-password");
            assertThat(log.lines()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("Picked up a new SASL password for user alice from KAFKA_CLIENT_SASL_PASSWORD_LOCATION="
                            + secret.path("password") + " (file modified ")
                    .doesNotContain("second-password")
                    .doesNotContain("first-password"));
        }
    }

    @Test
    void fileThatDisappearedFailsTheAuthenticationNamingIt() throws IOException {
        PasswordFileCallbackHandler handler = handler(dir.resolve("gone"));
        assertThatThrownBy(() -> authenticate(handler)).isInstanceOf(IOException.class).hasMessageContaining(dir.resolve("gone").toString());
    }

    @Test
    void jaasWithoutUsernameIsAConfigurationError() {
        PasswordFileCallbackHandler handler = new PasswordFileCallbackHandler();
        List<AppConfigurationEntry> noUser = List.of(new AppConfigurationEntry(ScramLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of()));
        assertThatThrownBy(() -> handler.configure(Map.of(PasswordFileCallbackHandler.PASSWORD_LOCATION, "/x"), "PLAIN", noUser))
                .isInstanceOf(ConfigException.class)
                .hasMessage("sasl.jaas.config has no username option for PLAIN");
    }
}
