package io.seldonmesh.secretsync.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.secretsync.core.Fixtures;
import io.seldonmesh.secretsync.core.IssuedToken;
import io.seldonmesh.secretsync.core.OAuthClientCredentials;
import io.seldonmesh.secretsync.core.SecretData;
import io.seldonmesh.secretsync.core.TokenResponse.TokenRequestFailed;
import io.seldonmesh.testkit.OAuthServer;
import io.seldonmesh.testkit.SharedServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenEndpointClientTest {

    private final TokenEndpointClient client = new TokenEndpointClient(Duration.ofSeconds(5), Clock.systemUTC());

    private static OAuthClientCredentials credentials(String endpoint, String scope) {
        return OAuthClientCredentials.from(SecretData.ofText(Fixtures.oauthKeys(endpoint, "secret-sync-test",
                "client-secret-value", scope)));
    }

    @Test
    void clientCredentialsGrantReturnsAJwtWithItsLifetime() throws TokenRequestFailed {
        OAuthServer oauth = SharedServers.oauth();
        Instant before = Instant.now();
        IssuedToken token = client.request(credentials(oauth.tokenEndpoint(), "kafka"));
        assertThat(token.value().split("\\.")).hasSize(3);
        assertThat(token.obtainedAt()).isBetween(before, Instant.now());
        // the server counts expires_in down to whole seconds
        assertThat(token.lifetime()).isBetween(Duration.ofMinutes(5).minusSeconds(2), Duration.ofMinutes(5));
    }

    @Test
    void emptyScopeIsLeftOut() throws TokenRequestFailed {
        assertThat(client.request(credentials(SharedServers.oauth().tokenEndpoint(), "")).value()).isNotBlank();
    }

    @Test
    void wrongPathIsAFailureNamingTheStatus() {
        String wrong = SharedServers.oauth().issuerUrl() + "/no-such-endpoint";
        assertThatThrownBy(() -> client.request(credentials(wrong, "")))
                .isInstanceOf(TokenRequestFailed.class)
                .hasMessageStartingWith("token endpoint " + wrong + " answered HTTP 4")
                .message().doesNotContain("client-secret-value");
    }

    @Test
    void unreachableEndpointIsAFailureNamingIt() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String closed = "http://127.0.0.1:" + port + "/testkit/token";
        assertThatThrownBy(() -> client.request(credentials(closed, "")))
                .isInstanceOf(TokenRequestFailed.class)
                .hasMessageStartingWith("token endpoint " + closed + " is unreachable: ConnectException");
    }
}
