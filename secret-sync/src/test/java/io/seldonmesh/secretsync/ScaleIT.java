package io.seldonmesh.secretsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.seldonmesh.secretsync.core.SecretData;
import io.seldonmesh.secretsync.core.TestPem;
import io.seldonmesh.testkit.CertificateAuthority;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.QuarkusApp;
import io.seldonmesh.testkit.SharedServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged secret-sync, run as its container image runs it in its pod (the JVM options of its Dockerfile, the
 * memory limit of its Deployment in deploy/ as the machine's memory), replicating three sources into 500 namespaces: a SASL password, an mTLS
 * client certificate and a broker CA bundle near Kubernetes' 1 MiB limit for a Secret (half a gigabyte of copies).
 * Against the Fabric8 mock server with paged lists, as a real API server pages them. It must converge, follow a
 * change of the large source, survive a full resync and never pass the pod's memory limit; the figures are printed
 * for secret-sync's README.
 */
class ScaleIT {

    private static final Path APPLICATION = QuarkusApp.moduleApplication("secret-sync");
    private static final String SOURCE_NAMESPACE = "seldon-mesh";
    private static final int RUNTIME_NAMESPACES = 499;
    private static final int TARGETS = RUNTIME_NAMESPACES + 1; // and seldon-logs
    private static final long POD_MEMORY_LIMIT = deployedMemoryLimit();
    private static final List<String> IMAGE_JAVA_OPTS = imageJavaOptions();
    private static final Duration RESYNC = Duration.ofSeconds(20);
    private static final Map<String, String> SOURCE_LABEL = Map.of("seldon.io/kafka-credential", "true");
    private static final CertificateAuthority CA = CertificateAuthority.create("scale-test-ca");

    private final PagingKubernetesDispatcher api = new PagingKubernetesDispatcher();
    private KubernetesMockServer server;
    private KubernetesClient client;
    private QuarkusApp secretSync;

    @BeforeEach
    void startApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), api, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        if (secretSync != null) {
            secretSync.close();
        }
        client.close();
        server.destroy();
    }

    @Test
    void threeSourcesOneNearOneMebibyteInFiveHundredNamespacesStayWithinThePodMemoryLimit() throws Exception {
        namespace(SOURCE_NAMESPACE, Map.of());
        namespace("seldon-logs", Map.of());
        for (int i = 1; i <= RUNTIME_NAMESPACES; i++) {
            namespace("runtime-" + i, Map.of("seldon.io/runtime", "true"));
        }
        CertificateAuthority.Issued client = CA.issueClient("scale-client");
        Secret password = source("kafka-sasl", Map.of("password", "scale-test-password"));
        Secret clientTls = source("kafka-client-tls", Map.of("tls.crt", TestPem.pem(client.certificate()),
                "tls.key", TestPem.pkcs8(client.privateKey()), "ca.crt", TestPem.pem(CA.certificate())));
        Secret bundle = source("kafka-broker-ca", Map.of("ca.crt", caBundle(1_000_000, 0)));
        assertThat(SecretData.of(bundle).bytes("ca.crt").orElseThrow().length).isBetween(990_000, 1_000_000);

        long started = System.nanoTime();
        QuarkusApp.Builder app = QuarkusApp.builder("secret-sync", APPLICATION).environment(environment())
                .maxHeap(null).fullJit().startTimeout(Duration.ofMinutes(5));
        // as in the pod: the JVM sees the memory limit as the machine's memory (MaxRAM) and sizes its heap from it
        // with the image's options; with two CPUs and that little memory it picks the serial collector, as here
        app.jvmOption("-XX:MaxRAM=" + POD_MEMORY_LIMIT);
        IMAGE_JAVA_OPTS.forEach(app::jvmOption);
        secretSync = app.start();
        Duration ready = since(started);

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> copiesHolding(password) == TARGETS && copiesHolding(clientTls) == TARGETS
                        && copiesHolding(bundle) == TARGETS);
        Duration converged = since(started);

        long updateStarted = System.nanoTime();
        Secret changed = source("kafka-broker-ca", Map.of("ca.crt", caBundle(1_000_000, 1)));
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .until(() -> copiesHolding(changed) == TARGETS);
        Duration followed = since(updateStarted);

        // a full resync lists every copy again, page by page
        long pagedBefore = api.pagedLists();
        await().atMost(RESYNC.multipliedBy(3)).until(() -> api.pagedLists() >= pagedBefore + 3L * TARGETS / 25);
        Thread.sleep(2_000);

        String log = Files.readString(secretSync.logFile());
        assertThat(secretSync.onExit()).as("secret-sync exited; its log:\n%s", secretSync.logTail(40)).isNotDone();
        long highWater = status("VmHWM");
        System.out.printf("secret-sync scale: %d namespaces x 3 sources (%d bytes in the largest), pod limit %d MiB, "
                        + "image options %s:%n  ready %.1f s, all %d copies written %.1f s after start, a change of the "
                        + "large source in all namespaces after %.1f s; RSS peak %d MiB (VmHWM), at the end %d MiB; "
                        + "CPU time %.1f s%n",
                TARGETS, SecretData.of(bundle).bytes("ca.crt").orElseThrow().length, POD_MEMORY_LIMIT >> 20,
                IMAGE_JAVA_OPTS, seconds(ready), 3 * TARGETS, seconds(converged), seconds(followed), highWater >> 20,
                status("VmRSS") >> 20, seconds(secretSync.cpuTime()));
        assertThat(highWater).isLessThan(POD_MEMORY_LIMIT);
        assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain("Build time property cannot be changed");
    }

    /** The memory limit of secret-sync's container in deploy/. */
    private static long deployedMemoryLimit() {
        try (InputStream manifest = Files.newInputStream(Path.of("../deploy/secret-sync/deployment.yaml"))) {
            Object parsed = new KubernetesSerialization().unmarshal(manifest);
            List<?> documents = parsed instanceof List<?> list ? list : List.of(parsed);
            Deployment deployment = documents.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                    .findFirst().orElseThrow();
            Quantity limit = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                    .filter(container -> "secret-sync".equals(container.getName())).findFirst().orElseThrow()
                    .getResources().getLimits().get("memory");
            return limit.getNumericalAmount().longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM options secret-sync's JVM image starts it with ({@code ENV JAVA_OPTS} of its Dockerfile). */
    private static List<String> imageJavaOptions() {
        try {
            Matcher options = Pattern.compile("(?m)^ENV JAVA_OPTS=\"([^\"]*)\"")
                    .matcher(Files.readString(Path.of("src/main/docker/Dockerfile.jvm")));
            assertThat(options.find()).as("ENV JAVA_OPTS in Dockerfile.jvm").isTrue();
            return List.of(options.group(1).trim().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("KAFKA_BOOTSTRAP_SERVERS", SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT));
        environment.put("SELDON_TOPIC_PREFIX", "seldon-scale");
        environment.put("SELDON_NAMESPACE", SOURCE_NAMESPACE);
        environment.put("SECRET_SYNC_SOURCE_NAMESPACE", SOURCE_NAMESPACE);
        environment.put("SECRET_SYNC_TARGET_NAMESPACES", "seldon-logs");
        environment.put("SECRET_SYNC_TARGET_SELECTOR", "seldon.io/runtime=true");
        environment.put("SECRET_SYNC_RESYNC_INTERVAL", RESYNC.toSeconds() + "s");
        environment.put("KUBERNETES_MASTER", server.url("/"));
        environment.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        environment.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        return environment;
    }

    /** A trust bundle of about {@code size} bytes: the CA's certificate repeated, {@code variant} extra lines first. */
    private static String caBundle(int size, int variant) {
        String certificate = TestPem.pem(CA.certificate());
        StringBuilder bundle = new StringBuilder("# bundle " + variant + "\n");
        while (bundle.length() + certificate.length() <= size) {
            bundle.append(certificate);
        }
        return bundle.toString();
    }

    private void namespace(String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }

    private Secret source(String name, Map<String, String> text) {
        Secret secret = new SecretBuilder().withNewMetadata().withNamespace(SOURCE_NAMESPACE).withName(name)
                .withLabels(SOURCE_LABEL).endMetadata().withType("Opaque")
                .withData(SecretData.ofText(text).base64()).build();
        return client.secrets().inNamespace(SOURCE_NAMESPACE).resource(secret).createOr(existing -> existing.update());
    }

    /** Copies whose recorded fingerprint is this source's, read straight from the API server's store. */
    private long copiesHolding(Secret source) {
        String fingerprint = SecretData.of(source).sha256();
        return api.stored("/api/v1/secrets").stream().filter(json -> json.contains(fingerprint)).count();
    }

    /** A size line of /proc/<pid>/status, in bytes: VmHWM is the kernel's own peak of the resident set. */
    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(secretSync.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + field + " in /proc/" + secretSync.pid() + "/status");
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
