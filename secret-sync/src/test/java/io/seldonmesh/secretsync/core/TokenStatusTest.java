package io.seldonmesh.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenStatusTest {

    private static final SourceRef SOURCE = new SourceRef("seldon-mesh", "kafka-oauth");
    private static final TokenEndpoint ENDPOINT = new TokenEndpoint(URI.create("https://idp.example.com/token"));
    private static final Instant OBTAINED = Instant.parse("2026-01-01T00:00:00Z");
    private static final IssuedToken TOKEN = new IssuedToken("opaque", OBTAINED, OBTAINED.plusSeconds(600));

    private static TokenStatus failing(Optional<IssuedToken> token) {
        return new TokenStatus(SOURCE, ENDPOINT, token, 1, Optional.of("token endpoint answered HTTP 503"),
                Optional.of("token endpoint answered HTTP 503"), 1, 1);
    }

    @Test
    void firstFailedRenewalWhileTheOldTokenIsValidIsReportedButStillServesClients() {
        TokenStatus status = failing(Optional.of(TOKEN));
        Instant beforeExpiry = OBTAINED.plusSeconds(500);

        assertThat(status.servesClients(beforeExpiry)).isTrue();
        assertThat(status.healthy()).isFalse();
        assertThat(status.problem(beforeExpiry)).hasValueSatisfying(problem ->
                assertThat(problem.message()).contains("The last token stays in kafka-oauth-token until it expires"));
    }

    @Test
    void expiredOrMissingTokenDoesNotServeClients() {
        assertThat(failing(Optional.of(TOKEN)).servesClients(OBTAINED.plusSeconds(600))).isFalse();
        assertThat(failing(Optional.empty()).servesClients(OBTAINED)).isFalse();
    }
}
