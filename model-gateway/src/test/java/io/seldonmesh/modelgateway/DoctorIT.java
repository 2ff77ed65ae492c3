package io.seldonmesh.modelgateway;

import io.seldonmesh.testkit.DoctorScenarios;
import io.seldonmesh.testkit.QuarkusApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar quarkus-run.jar doctor} of the packaged gateway finds the three usual mistakes, and says which. */
class DoctorIT {

    @TempDir
    static Path directory;

    private static DoctorScenarios scenarios;
    private static final Path APPLICATION = QuarkusApp.moduleApplication("model-gateway");

    @BeforeAll
    static void start() {
        scenarios = DoctorScenarios.start(directory);
    }

    @AfterAll
    static void stop() {
        scenarios.close();
    }

    @Test
    void wrongPortFailsAtTcp() {
        scenarios.failsAtTcp(APPLICATION, "model-gateway", Map.of());
    }

    @Test
    void wrongPasswordFailsAtAuthentication() {
        scenarios.failsAtAuthentication(APPLICATION, Map.of());
    }

    @Test
    void missingAclFailsAtAccessNamingTheTopicAndTheGrant() {
        scenarios.failsAtAccess(APPLICATION, Map.of(), "topic seldon.doctor.status.models");
    }
}
