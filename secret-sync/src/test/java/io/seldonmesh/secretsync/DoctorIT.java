package io.seldonmesh.secretsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.seldonmesh.testkit.DoctorScenarios;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.PackagedDoctor;
import io.seldonmesh.testkit.QuarkusApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar quarkus-run.jar doctor} of the packaged secret-sync finds the three usual Kafka mistakes, and
 * says which; its Kubernetes lines come from the API server named by Quarkus' variable (the Fabric8 mock server).
 */
@EnableKubernetesMockClient(crud = true)
class DoctorIT {

    @TempDir
    static Path directory;

    static KubernetesMockServer server;

    private static DoctorScenarios scenarios;
    private static final Path APPLICATION = QuarkusApp.moduleApplication("secret-sync");

    @BeforeAll
    static void start() {
        scenarios = DoctorScenarios.start(directory);
        AccessReviews.grantAllBut(server);
    }

    @AfterAll
    static void stop() {
        scenarios.close();
    }

    private static Map<String, String> kubernetes(String apiServer) {
        return Map.of("KUBERNETES_MASTER", apiServer, "KUBERNETES_TRUST_CERTIFICATES", "true");
    }

    @Test
    void wrongPortFailsAtTcp() {
        scenarios.failsAtTcp(APPLICATION, "secret-sync", kubernetes(server.url("/")));
    }

    @Test
    void wrongPasswordFailsAtAuthentication() {
        scenarios.failsAtAuthentication(APPLICATION, kubernetes(server.url("/")));
    }

    @Test
    void missingAclFailsAtAccessNamingTheCredentialsTopicAndTheGrant() {
        scenarios.failsAtAccess(APPLICATION, kubernetes(server.url("/")), "topic seldon.doctor.control.credentials",
                "--operation Create", "--operation Write", "OK   kubernetes     API server " + server.url("/"),
                "OK   rbac");
    }

    @Test
    void apiServerThatDoesNotAnswerFailsNamingItAndTheVariable() {
        String nowhere = "http://127.0.0.1:" + FreePort.next() + "/";

        PackagedDoctor.Result result = scenarios.missingAcls(APPLICATION, kubernetes(nowhere));

        assertThat(result.exitStatus()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("FAIL kubernetes     the API server " + nowhere + " does not answer")
                .contains("KUBERNETES_MASTER").contains("SKIP token endpoint");
    }
}
