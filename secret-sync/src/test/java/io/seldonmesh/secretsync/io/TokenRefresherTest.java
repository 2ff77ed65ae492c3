package io.seldonmesh.secretsync.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seldonmesh.secretsync.core.Fixtures;
import io.seldonmesh.secretsync.core.IssuedToken;
import io.seldonmesh.secretsync.core.OAuthClientCredentials;
import io.seldonmesh.secretsync.core.Problem;
import io.seldonmesh.secretsync.core.RefreshSchedule;
import io.seldonmesh.secretsync.core.SecretData;
import io.seldonmesh.secretsync.core.SourceRef;
import io.seldonmesh.secretsync.core.TokenStatus;
import io.seldonmesh.testkit.OAuthServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenRefresherTest {

    private static final SourceRef SOURCE = new SourceRef("seldon-mesh", "kafka-oauth");
    private static final RefreshSchedule FAST = new RefreshSchedule(0.8, 0.1, Duration.ofMillis(500),
            Duration.ofMillis(200), Duration.ofSeconds(1));

    private final List<IssuedToken> obtained = new CopyOnWriteArrayList<>();
    private OAuthServer oauth;
    private TokenRefresher refresher;

    @AfterEach
    void stop() {
        refresher.close();
        if (oauth != null) {
            oauth.close();
        }
    }

    private static OAuthClientCredentials credentials(OAuthServer server, String clientSecret) {
        return OAuthClientCredentials.from(SecretData.ofText(Fixtures.oauthKeys(server.tokenEndpoint(), "refresher-test",
                clientSecret, "kafka")));
    }

    private TokenRefresher refresher() {
        return new TokenRefresher(FAST, new TokenEndpointClient(Duration.ofSeconds(2), Clock.systemUTC()), Clock.systemUTC(),
                ThreadLocalRandom.current()::nextDouble, () -> {
                    IssuedToken token = refresher.tokens().get(SOURCE.name());
                    if (token != null && (obtained.isEmpty() || !obtained.get(obtained.size() - 1).equals(token))) {
                        obtained.add(token);
                    }
                });
    }

    private TokenStatus status() {
        return refresher.statuses().get(0);
    }

    @Test
    void shortLivedTokensAreRenewedBeforeTheyExpire() {
        oauth = OAuthServer.builder().tokenLifetime(Duration.ofSeconds(4)).start();
        refresher = refresher();
        refresher.track(Map.of(SOURCE, credentials(oauth, "s1")));

        await().atMost(Duration.ofSeconds(15)).until(() -> obtained.size() >= 4);
        for (int i = 1; i < obtained.size(); i++) {
            IssuedToken previous = obtained.get(i - 1);
            IssuedToken next = obtained.get(i);
            // 70-80% of the lifetime; a little slack for the scheduler thread waking up
            assertThat(next.obtainedAt())
                    .isAfterOrEqualTo(previous.obtainedAt().plus(previous.lifetime().multipliedBy(7).dividedBy(10)))
                    .isBefore(FAST.latestRefresh(previous).plusMillis(100))
                    .isBefore(previous.expiresAt());
            assertThat(next.value()).isNotEqualTo(previous.value());
        }
        assertThat(status().healthy()).isTrue();
        assertThat(status().refreshes()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void outageKeepsTheOldTokenBacksOffAndRecoversOnTheSamePort() {
        oauth = OAuthServer.builder().tokenLifetime(Duration.ofSeconds(4)).start();
        int port = oauth.port();
        refresher = refresher();
        refresher.track(Map.of(SOURCE, credentials(oauth, "s1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> obtained.size() == 1);
        IssuedToken held = obtained.get(0);

        oauth.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> status().consecutiveFailures() >= 3);
        TokenStatus failing = status();
        assertThat(failing.token()).contains(held);
        assertThat(refresher.tokens()).containsEntry(SOURCE.name(), held);
        assertThat(failing.firstFailure()).hasValueSatisfying(message -> assertThat(message).contains("is unreachable"));
        assertThat(failing.problem(Instant.now())).isPresent();
        assertThat(failing.healthy()).isFalse();

        oauth = OAuthServer.builder().tokenLifetime(Duration.ofSeconds(4)).port(port).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> status().healthy());
        assertThat(obtained.get(obtained.size() - 1)).isNotEqualTo(held);
        assertThat(status().failures()).isGreaterThanOrEqualTo(3);
        assertThat(status().problem(Instant.now())).isEmpty();
    }

    @Test
    void identityProvidersThatNeverAnswerDoNotDelayAnotherSourcesToken() throws Exception {
        oauth = OAuthServer.builder().tokenLifetime(Duration.ofMinutes(5)).start();
        // accepts connections (the backlog) and never answers
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String stuckEndpoint = "http://127.0.0.1:" + silent.getLocalPort() + "/token";
            Map<SourceRef, OAuthClientCredentials> sources = new LinkedHashMap<>();
            for (int i = 1; i <= 3; i++) {
                sources.put(new SourceRef("seldon-mesh", "stuck-" + i), OAuthClientCredentials.from(SecretData.ofText(
                        Fixtures.oauthKeys(stuckEndpoint, "stuck-" + i, "stuck-secret", "kafka"))));
            }
            sources.put(SOURCE, credentials(oauth, "s1"));
            refresher = refresher();
            Instant start = Instant.now();

            refresher.track(sources);

            await().atMost(Duration.ofSeconds(10)).until(() -> !obtained.isEmpty());
            assertThat(Duration.between(start, obtained.get(0).obtainedAt())).isLessThan(Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> refresher.statuses().stream()
                    .filter(status -> status.source().name().startsWith("stuck-"))
                    .allMatch(status -> status.lastFailure().filter(failure -> failure.contains("did not answer within 2000ms"))
                            .isPresent()));
        }
    }

    @Test
    void expiryOfTheOldTokenDuringAnOutageIsReportedAtExpiryNotAtTheNextRetry() {
        oauth = OAuthServer.builder().tokenLifetime(Duration.ofSeconds(3)).start();
        // what a reader of the status sees at the moment of each change report
        List<String> reported = new CopyOnWriteArrayList<>();
        List<Instant> reportedAt = new CopyOnWriteArrayList<>();
        RefreshSchedule slowRetries = new RefreshSchedule(0.8, 0.1, Duration.ofMillis(500), Duration.ofSeconds(10),
                Duration.ofSeconds(10));
        refresher = new TokenRefresher(slowRetries, new TokenEndpointClient(Duration.ofSeconds(2), Clock.systemUTC()),
                Clock.systemUTC(), () -> 0.0, () -> {
                    Instant at = Instant.now();
                    reported.add(status().problem(at).map(Problem::message).orElse("healthy"));
                    reportedAt.add(at);
                });
        refresher.track(Map.of(SOURCE, credentials(oauth, "s1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> !refresher.tokens().isEmpty());
        Instant expiry = refresher.tokens().get(SOURCE.name()).expiresAt();
        oauth.close();

        // The next retry is at least 5 s after the last failure (half the 10 s backoff), which came before the expiry:
        // a "no valid token" report within 3 s of the expiry can only be the report at expiry. 3 s, not less: a
        // loaded CI machine delays scheduled tasks by more than a second.
        await().atMost(Duration.ofSeconds(15)).until(() -> reported.stream().anyMatch(m -> m.contains("No valid token"))
                || Instant.now().isAfter(expiry.plusSeconds(3)));

        int first = indexOfFirst(reported, "No valid token");
        assertThat(first).as("a report saying no valid token is available, among %s", reported).isNotNegative();
        assertThat(reportedAt.get(first)).isAfterOrEqualTo(expiry).isBefore(expiry.plusSeconds(3));
    }

    private static int indexOfFirst(List<String> messages, String part) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void rotatedClientSecretTriggersANewRequestAndRemovedSourceStops() {
        oauth = OAuthServer.builder().tokenLifetime(Duration.ofMinutes(5)).start();
        refresher = refresher();
        refresher.track(Map.of(SOURCE, credentials(oauth, "s1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> obtained.size() == 1);

        refresher.track(Map.of(SOURCE, credentials(oauth, "s2")));
        await().atMost(Duration.ofSeconds(10)).until(() -> obtained.size() == 2);

        refresher.track(Map.of());
        assertThat(refresher.tokens()).isEmpty();
        assertThat(refresher.statuses()).isEmpty();
    }
}
