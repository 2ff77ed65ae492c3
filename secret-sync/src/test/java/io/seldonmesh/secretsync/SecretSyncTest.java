package io.seldonmesh.secretsync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.seldonmesh.common.status.CredentialEvent;
import io.seldonmesh.secretsync.core.Fixtures;
import io.seldonmesh.secretsync.core.Provenance;
import io.seldonmesh.secretsync.core.SecretData;
import io.seldonmesh.secretsync.core.TestPem;
import io.seldonmesh.secretsync.core.TokenSecret;
import io.seldonmesh.secretsync.io.SecretReplicator;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.KafkaBroker;
import io.seldonmesh.testkit.OAuthServer;
import io.seldonmesh.testkit.SharedServers;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * secret-sync as deployed: the Quarkus application against the Fabric8 mock API server (CRUD mode), the testkit
 * Kafka broker and real OAuth token servers. Each test uses its own Secret names; the last one checks that no
 * secret value of any earlier test reached a log line, a Kubernetes Event or a Kafka record. From order 30 on the
 * watches are closed (only the periodic resync is left), so tests that need the watches come before.
 */
@QuarkusTest
@WithKubernetesTestServer
@QuarkusTestResource(KafkaForSecretSync.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretSyncTest {

    private static final String SOURCE_NS = "seldon-mesh";
    private static final Map<String, String> SOURCE_LABEL = Map.of("seldon.io/kafka-credential", "true");
    private static final Map<String, String> RUNTIME_LABEL = Map.of("seldon.io/runtime", "true");
    private static final Duration SOON = Duration.ofSeconds(10);
    /** Every password, client secret and token the tests wrote or saw. */
    private static final Set<String> SECRET_VALUES = ConcurrentHashMap.newKeySet();

    @KubernetesTestServer
    KubernetesServer mockServer;

    @Inject
    SecretReplicator replicator;

    private KubernetesClient client;

    @BeforeEach
    void namespaces() {
        client = mockServer.getClient();
        namespace(SOURCE_NS, Map.of());
        namespace("seldon-logs", Map.of());
        namespace("team-a", RUNTIME_LABEL);
        namespace("team-plain", Map.of());
    }

    @Test
    @Order(1)
    void sourceIsCopiedToSeldonLogsAndLabelledNamespacesOnly() {
        Secret source = source("e2e-sasl", Map.of("password", "e2e-password-1"));

        Secret logs = awaitCopy("seldon-logs", "e2e-sasl");
        Secret teamA = awaitCopy("team-a", "e2e-sasl");
        assertThat(SecretData.of(logs).text("password")).contains("e2e-password-1");
        assertThat(teamA.getMetadata().getAnnotations())
                .containsEntry(Provenance.SOURCE, "seldon-mesh/e2e-sasl")
                .containsEntry(Provenance.SOURCE_RESOURCE_VERSION, source.getMetadata().getResourceVersion())
                .containsEntry(Provenance.SOURCE_SHA256, SecretData.of(source).sha256());
        assertThat(teamA.getMetadata().getLabels()).containsEntry(Provenance.MANAGED_BY, Provenance.MANAGER);
        assertThat(secret("team-plain", "e2e-sasl")).isEmpty();
    }

    @Test
    @Order(2)
    void newNamespaceGetsItsCopiesWithinSeconds() {
        source("new-ns-sasl", Map.of("password", "e2e-password-2"));
        awaitCopy("team-a", "new-ns-sasl");

        namespace("team-new", RUNTIME_LABEL);
        await().atMost(Duration.ofSeconds(5)).until(() -> secret("team-new", "new-ns-sasl").isPresent());
    }

    @Test
    @Order(3)
    void namespaceThatStopsMatchingLosesOnlyTheCopiesSecretSyncMade() {
        namespace("team-leaving", RUNTIME_LABEL);
        source("leaving-sasl", Map.of("password", "e2e-password-3"));
        awaitCopy("team-leaving", "leaving-sasl");
        client.secrets().inNamespace("team-leaving").resource(new SecretBuilder().withNewMetadata().withName("their-own")
                .endMetadata().withStringData(Map.of("note", "not a copy")).build()).create();

        client.namespaces().withName("team-leaving").edit(ns -> new NamespaceBuilder(ns).editMetadata()
                .removeFromLabels("seldon.io/runtime").endMetadata().build());

        await().atMost(SOON).until(() -> secret("team-leaving", "leaving-sasl").isEmpty());
        assertThat(secret("team-leaving", "their-own")).isPresent();
        assertThat(secret("seldon-logs", "leaving-sasl")).isPresent();
    }

    @Test
    @Order(4)
    void sourceUpdateReachesEveryCopyAndDeletionRemovesThemWithCredentialEvents() {
        source("rotating-sasl", Map.of("password", "e2e-password-4"));
        awaitCopy("team-a", "rotating-sasl");

        Secret rotated = client.secrets().inNamespace(SOURCE_NS).withName("rotating-sasl").edit(secret ->
                new SecretBuilder(secret).withData(encoded(Map.of("password", "e2e-password-5"))).build());
        SECRET_VALUES.add("e2e-password-5");
        String newHash = SecretData.of(rotated).sha256();
        for (String namespace : List.of("seldon-logs", "team-a")) {
            await().atMost(SOON).until(() -> secret(namespace, "rotating-sasl")
                    .flatMap(copy -> SecretData.of(copy).text("password")).filter("e2e-password-5"::equals).isPresent());
        }
        await().atMost(SOON).until(() -> credentialEvents().stream().anyMatch(event -> event.name().equals("rotating-sasl")
                && event.event() == CredentialEvent.Change.MODIFIED && newHash.equals(event.sha256())));

        client.secrets().inNamespace(SOURCE_NS).withName("rotating-sasl").delete();
        await().atMost(SOON).until(() -> secret("seldon-logs", "rotating-sasl").isEmpty()
                && secret("team-a", "rotating-sasl").isEmpty());
        await().atMost(SOON).until(() -> credentialEvents().stream().anyMatch(event -> event.name().equals("rotating-sasl")
                && event.event() == CredentialEvent.Change.DELETED && event.sha256() == null));
        List<String> rawValues = new ArrayList<>();
        credentialEvents(rawValues);
        assertThat(rawValues).filteredOn(value -> value.contains("\"rotating-sasl\"") && value.contains("DELETED"))
                .allMatch(value -> value.contains("\"sha256\":null"));
    }

    @Test
    @Order(5)
    void foreignSecretIsNeverOverwrittenAndTheConflictIsReportedOnce() {
        client.secrets().inNamespace("team-a").resource(new SecretBuilder().withNewMetadata().withName("conflict-sasl")
                .withLabels(Map.of("app.kubernetes.io/managed-by", "Helm")).endMetadata()
                .withData(encoded(Map.of("password", "helm-owned-password"))).build()).create();
        SECRET_VALUES.add("helm-owned-password");
        source("conflict-sasl", Map.of("password", "e2e-password-6"));

        awaitCopy("seldon-logs", "conflict-sasl");
        await().atMost(SOON).until(() -> !events("conflict-sasl", "CopyConflict").isEmpty());
        Event event = events("conflict-sasl", "CopyConflict").get(0);
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getMessage()).contains("team-a/conflict-sasl already exists and is managed by Helm");
        assertThat(metric("secret_sync_conflicts")).isGreaterThanOrEqualTo(1);
        assertThat(metric("secret_sync_conflicts_detected_total")).isGreaterThanOrEqualTo(1);

        sleepThroughResyncs(2);
        assertThat(SecretData.of(secret("team-a", "conflict-sasl").orElseThrow()).text("password")).contains("helm-owned-password");
        assertThat(events("conflict-sasl", "CopyConflict")).hasSize(1);
    }

    @Test
    @Order(6)
    void copiesEditedOrDeletedByHandAreRepaired() {
        source("drift-sasl", Map.of("password", "e2e-password-7"));
        awaitCopy("seldon-logs", "drift-sasl");
        awaitCopy("team-a", "drift-sasl");

        client.secrets().inNamespace("team-a").withName("drift-sasl").edit(copy ->
                new SecretBuilder(copy).withData(encoded(Map.of("password", "edited-by-hand"))).build());
        client.secrets().inNamespace("seldon-logs").withName("drift-sasl").delete();

        await().atMost(SOON).until(() -> secret("team-a", "drift-sasl")
                .flatMap(copy -> SecretData.of(copy).text("password")).filter("e2e-password-7"::equals).isPresent());
        await().atMost(SOON).until(() -> secret("seldon-logs", "drift-sasl").isPresent());
    }

    @Test
    @Order(7)
    void invalidSourceIsRejectedWithAnEventAndGoodCopiesAreKept() {
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("method", "oauth2");
        broken.put("client_id", "broken-client");
        broken.put("client_secret", "broken-client-secret");
        broken.put("token_endpoint_url", "https://idp.example.com/token");
        source("broken-oauth", broken);
        source("turns-bad-sasl", Map.of("password", "e2e-password-8"));
        awaitCopy("team-a", "turns-bad-sasl");

        client.secrets().inNamespace(SOURCE_NS).withName("turns-bad-sasl").edit(secret ->
                new SecretBuilder(secret).withData(encoded(Map.of("password", ""))).build());

        await().atMost(SOON).until(() -> !events("broken-oauth", "InvalidSecret").isEmpty()
                && !events("turns-bad-sasl", "InvalidSecret").isEmpty());
        assertThat(events("broken-oauth", "InvalidSecret").get(0).getMessage())
                .contains("missing keys extensions, scope")
                .contains("method is 'oauth2'; the only method Seldon supports is OIDC");
        assertThat(events("turns-bad-sasl", "InvalidSecret").get(0).getMessage()).contains("password is empty");
        sleepThroughResyncs(1);
        assertThat(secret("team-a", "broken-oauth")).isEmpty();
        assertThat(secret("seldon-logs", "broken-oauth")).isEmpty();
        assertThat(SecretData.of(secret("team-a", "turns-bad-sasl").orElseThrow()).text("password")).contains("e2e-password-8");
        assertThat(metric("secret_sync_sources{validity=\"invalid\"}")).isGreaterThanOrEqualTo(2);

        String goodFingerprint = secret("team-a", "turns-bad-sasl").orElseThrow().getMetadata().getAnnotations()
                .get(Provenance.SOURCE_SHA256);
        await().atMost(SOON).until(() -> lastCredentialEvent("turns-bad-sasl")
                .filter(event -> event.event() == CredentialEvent.Change.INVALID).isPresent());
        assertThat(credentialEvents()).filteredOn(event -> event.name().equals("turns-bad-sasl"))
                .extracting(CredentialEvent::event).doesNotContain(CredentialEvent.Change.DELETED);
        assertThat(lastCredentialEvent("turns-bad-sasl").orElseThrow().sha256()).isEqualTo(goodFingerprint);
        assertThat(lastCredentialEvent("broken-oauth").orElseThrow())
                .extracting(CredentialEvent::event, CredentialEvent::sha256).containsExactly(CredentialEvent.Change.INVALID, null);
    }

    @Test
    @Order(8)
    void shortLivedTokenIsRenewedBeforeExpiryAndSurvivesAnEndpointOutage() {
        OAuthServer oauth = OAuthServer.builder().tokenLifetime(Duration.ofSeconds(4)).start();
        try {
            source("short-oauth", oauthKeys(oauth.tokenEndpoint(), "short-oauth-client-secret"));
            Secret first = awaitCopy(SOURCE_NS, "short-oauth-token");
            String firstToken = tokenOf(first);
            Instant firstExpiry = Instant.parse(SecretData.of(first).text(TokenSecret.EXPIRES_AT).orElseThrow());
            for (String namespace : List.of("seldon-logs", "team-a")) {
                await().atMost(SOON).until(() -> secret(namespace, "short-oauth-token").map(this::tokenOf).isPresent());
            }

            await().atMost(SOON).until(() -> !tokenOf(secret(SOURCE_NS, "short-oauth-token").orElseThrow()).equals(firstToken));
            Secret renewed = secret(SOURCE_NS, "short-oauth-token").orElseThrow();
            assertThat(Instant.parse(renewed.getMetadata().getAnnotations().get(TokenSecret.OBTAINED_AT))).isBefore(firstExpiry);
            await().atMost(SOON).until(() -> secret("team-a", "short-oauth-token").map(this::tokenOf)
                    .filter(token -> !token.equals(firstToken)).isPresent());
            assertThat(ready()).isTrue();

            int port = oauth.port();
            oauth.close();
            await().atMost(SOON).until(() -> !ready());
            assertThat(given().get("/q/health/ready").asString()).contains("failing");
            // readiness and the gauge are updated by the same refresh, not atomically: let the scrape catch up
            await().atMost(SOON).until(() -> metric(
                    "secret_sync_token_consecutive_failures{source=\"seldon-mesh/short-oauth\"}") >= 1);
            await().atMost(SOON).until(() -> !events("short-oauth", "TokenRefreshFailed").isEmpty());
            String held = tokenOf(secret(SOURCE_NS, "short-oauth-token").orElseThrow());
            sleepThroughResyncs(1);
            assertThat(tokenOf(secret(SOURCE_NS, "short-oauth-token").orElseThrow())).isEqualTo(held);

            oauth = OAuthServer.builder().tokenLifetime(Duration.ofSeconds(4)).port(port).start();
            await().atMost(SOON).until(this::ready);
            await().atMost(SOON).until(() -> !tokenOf(secret("team-a", "short-oauth-token").orElseThrow()).equals(held));
            assertThat(metric("secret_sync_token_refresh_failures_total{source=\"seldon-mesh/short-oauth\"}")).isGreaterThanOrEqualTo(1);

            client.secrets().inNamespace(SOURCE_NS).withName("short-oauth").delete();
            await().atMost(SOON).until(() -> secret(SOURCE_NS, "short-oauth-token").isEmpty()
                    && secret("team-a", "short-oauth-token").isEmpty() && secret("team-a", "short-oauth").isEmpty());
        } finally {
            oauth.close();
        }
    }

    @Test
    @Order(9)
    void tokenWrittenBySecretSyncAuthenticatesAKafkaClient() throws Exception {
        OAuthServer oauth = SharedServers.oauth();
        KafkaBroker broker = SharedServers.kafka();
        source("kafka-oauth", oauthKeys(oauth.tokenEndpoint(), "kafka-oauth-client-secret"));
        Secret copy = awaitCopy("team-a", "kafka-oauth-token");

        // as a pod would: the token Secret mounted as files, Kafka reading the token from a file URL
        Path tokenFile = Files.createTempFile("kafka-oauth-token", ".jwt");
        Files.writeString(tokenFile, tokenOf(copy));
        String fileUrl = tokenFile.toUri().toString();
        System.setProperty(OAuthServer.ALLOWED_URLS_PROPERTY,
                System.getProperty(OAuthServer.ALLOWED_URLS_PROPERTY, "") + "," + fileUrl);
        Map<String, Object> properties = new HashMap<>(broker.oauthClientProperties("unused", "unused"));
        properties.keySet().removeIf(key -> key.startsWith("sasl.oauthbearer.client.credentials"));
        properties.put("sasl.oauthbearer.token.endpoint.url", fileUrl);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            RecordMetadata written = producer.send(new ProducerRecord<>("secret-sync-oauth-check", "k", "authenticated"))
                    .get(30, TimeUnit.SECONDS);
            assertThat(written.offset()).isGreaterThanOrEqualTo(0);
        } finally {
            Files.deleteIfExists(tokenFile);
        }
    }

    @Test
    @Order(30)
    void periodicResyncAloneRepairsDriftAndFindsNamespacesOnceEveryWatchIsGone() {
        source("resync-sasl", Map.of("password", "e2e-password-9"));
        awaitCopy("seldon-logs", "resync-sasl");
        awaitCopy("team-a", "resync-sasl");

        // as if every watch connection had broken for good: only the periodic full resync is left
        replicator.closeWatches();
        client.secrets().inNamespace("team-a").withName("resync-sasl").edit(copy ->
                new SecretBuilder(copy).withData(encoded(Map.of("password", "edited-while-unwatched"))).build());
        client.secrets().inNamespace("seldon-logs").withName("resync-sasl").delete();
        namespace("team-unwatched", RUNTIME_LABEL);

        await().atMost(SOON).until(() -> secret("team-a", "resync-sasl")
                .flatMap(copy -> SecretData.of(copy).text("password")).filter("e2e-password-9"::equals).isPresent()
                && secret("seldon-logs", "resync-sasl").isPresent() && secret("team-unwatched", "resync-sasl").isPresent());
        assertThat(replicator.lastPassSucceeded()).isTrue();
    }

    @Test
    @Order(31)
    void doctorEndpointChecksKafkaKubernetesAndTokenEndpointsWithTheRunningServicesSettings() {
        AccessReviews.grantAllBut(mockServer.getKubernetesMockServer());

        String report = given().get("/q/doctor").then().statusCode(200).extract().asString();

        assertThat(report).startsWith("doctor for secret-sync").contains("OK   cluster")
                .contains("OK   access         topic seldon.seldon-mesh.control.credentials")
                .contains("OK   kubernetes     API server").contains("OK   rbac")
                .contains("OK   token endpoint seldon-mesh/kafka-oauth: " + SharedServers.oauth().tokenEndpoint());
    }

    @Test
    @Order(12)
    void secretCarryingOnlyTheCopyLabelsIsNeverDeletedAsAnOrphan() {
        client.secrets().inNamespace("team-a").resource(new SecretBuilder().withNewMetadata().withName("labels-only")
                .withLabels(Provenance.copyLabels(SOURCE_NS)).endMetadata()
                .withData(encoded(Map.of("note", "copied by hand with its labels"))).build()).create();

        sleepThroughResyncs(2);

        assertThat(secret("team-a", "labels-only")).isPresent();
    }

    @Test
    @Order(13)
    void tokenEndpointCredentialsNeverReachLogsEventsOrReadiness() {
        SECRET_VALUES.addAll(List.of("query-api-key-value", "url-password-value"));
        source("userinfo-oauth", oauthKeys("http://svc-user:url-password-value@localhost:" + FreePort.next() + "/token",
                "userinfo-oauth-client-secret"));
        source("query-oauth", oauthKeys("http://localhost:" + FreePort.next() + "/token?api_key=query-api-key-value",
                "query-oauth-client-secret"));
        try {
            await().atMost(SOON).until(() -> !events("userinfo-oauth", "InvalidSecret").isEmpty()
                    && !events("query-oauth", "TokenRefreshFailed").isEmpty());
            assertThat(events("userinfo-oauth", "InvalidSecret").get(0).getMessage())
                    .contains("Secret seldon-mesh/userinfo-oauth", "token_endpoint_url has a user name or password");
            assertThat(events("query-oauth", "TokenRefreshFailed").get(0).getMessage()).contains("/token?(query hidden)");
            String readiness = given().get("/q/health/ready").asString();
            assertThat(readiness).contains("query-oauth").contains("?(query hidden)").doesNotContain("query-api-key-value");
        } finally {
            client.secrets().inNamespace(SOURCE_NS).withName("userinfo-oauth").delete();
            client.secrets().inNamespace(SOURCE_NS).withName("query-oauth").delete();
        }
    }

    @Test
    @Order(14)
    void failingRenewalWhileTheOldTokenIsValidKeepsReadinessUp() {
        OAuthServer oauth = OAuthServer.builder().tokenLifetime(Duration.ofMinutes(5)).start();
        try {
            source("long-oauth", oauthKeys(oauth.tokenEndpoint(), "long-oauth-client-secret"));
            awaitCopy(SOURCE_NS, "long-oauth-token");
            await().atMost(SOON).until(this::ready);
            oauth.close();

            // a rotated client secret asks for a new token at once, from an endpoint that is gone
            client.secrets().inNamespace(SOURCE_NS).withName("long-oauth").edit(secret -> new SecretBuilder(secret)
                    .withData(encoded(oauthKeys(oauth.tokenEndpoint(), "long-oauth-client-secret-2"))).build());
            SECRET_VALUES.add("long-oauth-client-secret-2");
            await().atMost(SOON).until(() -> metric(
                    "secret_sync_token_consecutive_failures{source=\"seldon-mesh/long-oauth\"}") >= 1);

            assertThat(ready()).isTrue();
            assertThat(given().get("/q/health/ready").asString()).contains("failing").contains("valid until");
        } finally {
            oauth.close();
            client.secrets().inNamespace(SOURCE_NS).withName("long-oauth").delete();
        }
    }

    @Test
    @Order(15)
    void expiredClientCertificateIsCopiedWithAWarningEventAndAMetricGivingItsDate() {
        TestPem.KeyPairAndCertificate expired = TestPem.ecSelfSigned(Instant.parse("2019-01-01T00:00:00Z"),
                Instant.parse("2020-01-01T00:00:00Z"));
        source("expired-mtls", Map.of("tls.crt", TestPem.pem(expired.certificate()),
                "tls.key", TestPem.pkcs8(expired.keys().getPrivate())));

        awaitCopy("team-a", "expired-mtls");
        await().atMost(SOON).until(() -> !events("expired-mtls", "CertificateExpiring").isEmpty());
        assertThat(events("expired-mtls", "CertificateExpiring").get(0).getMessage())
                .contains("tls.crt").contains("expired at 2020-01-01T00:00:00Z");
        assertThat(metric("secret_sync_certificate_expires_in_seconds{key=\"tls.crt\",source=\"seldon-mesh/expired-mtls\"}"))
                .isNegative();
    }

    @Test
    @Order(100)
    void noPasswordClientSecretOrTokenAppearsInLogsEventsOrKafkaRecords() throws IOException {
        assertThat(SECRET_VALUES).hasSizeGreaterThan(10);
        String log = Files.readString(Path.of("target", "secret-sync-test.log"));
        assertThat(log).contains("create team-a/e2e-sasl from seldon-mesh/e2e-sasl");

        List<String> kafkaValues = new ArrayList<>();
        List<CredentialEvent> events = credentialEvents(kafkaValues);
        assertThat(events).extracting(CredentialEvent::name).contains("e2e-sasl", "kafka-oauth", "kafka-oauth-token");

        List<String> eventMessages = client.v1().events().inNamespace(SOURCE_NS).list().getItems().stream()
                .map(Event::getMessage).toList();
        assertThat(eventMessages).isNotEmpty();

        List<String> places = new ArrayList<>(kafkaValues);
        places.add(log);
        places.addAll(eventMessages);
        for (String text : places) {
            assertThat(text).doesNotContain("eyJ");
            for (String secret : SECRET_VALUES) {
                assertThat(text).doesNotContain(secret)
                        .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    private void namespace(String name, Map<String, String> labels) {
        if (client.namespaces().withName(name).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                    .endMetadata().build()).create();
        }
    }

    private Secret source(String name, Map<String, String> text) {
        text.forEach((key, value) -> {
            if (Set.of("password", "client_secret").contains(key) && !value.isEmpty()) {
                SECRET_VALUES.add(value);
            }
        });
        return client.secrets().inNamespace(SOURCE_NS).resource(new SecretBuilder()
                .withNewMetadata().withName(name).withLabels(SOURCE_LABEL).endMetadata()
                .withData(encoded(text)).build()).create();
    }

    private static Map<String, String> oauthKeys(String endpoint, String clientSecret) {
        return Fixtures.oauthKeys(endpoint, "secret-sync-e2e", clientSecret, "");
    }

    private String tokenOf(Secret tokenSecret) {
        String token = SecretData.of(tokenSecret).text(TokenSecret.TOKEN).orElseThrow();
        SECRET_VALUES.add(token);
        return token;
    }

    private static Map<String, String> encoded(Map<String, String> text) {
        return SecretData.ofText(text).base64();
    }

    private Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    }

    private Secret awaitCopy(String namespace, String name) {
        await().atMost(SOON).until(() -> secret(namespace, name).isPresent());
        return secret(namespace, name).orElseThrow();
    }

    private List<Event> events(String source, String reason) {
        return client.v1().events().inNamespace(SOURCE_NS).list().getItems().stream()
                .filter(event -> source.equals(event.getInvolvedObject().getName()) && reason.equals(event.getReason()))
                .toList();
    }

    private boolean ready() {
        return given().get("/q/health/ready").statusCode() == 200;
    }

    /** The value of a Prometheus sample: a bare name, or a name with its complete label set. */
    private static double metric(String sample) {
        return given().get("/q/metrics").asString().lines()
                .filter(line -> line.startsWith(sample + " ") || (!sample.contains("{") && line.startsWith(sample + "{")))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    private static void sleepThroughResyncs(int resyncs) {
        try {
            Thread.sleep(2_000L * resyncs + 500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<CredentialEvent> lastCredentialEvent(String name) {
        return credentialEvents().stream().filter(event -> event.name().equals(name)).reduce((first, second) -> second);
    }

    private static List<CredentialEvent> credentialEvents() {
        return credentialEvents(new ArrayList<>());
    }

    /** Every record on the credentials topic, parsed; {@code rawValues} receives the record values as text. */
    private static List<CredentialEvent> credentialEvents(List<String> rawValues) {
        Map<String, Object> properties = new HashMap<>(SharedServers.kafka().adminProperties());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("seldon.seldon-mesh.control.credentials").stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<CredentialEvent> events = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(10);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    rawValues.add(new String(record.value(), StandardCharsets.UTF_8));
                    events.add(CredentialEvent.parse(record.value()));
                }
            }
            return events;
        }
    }
}
