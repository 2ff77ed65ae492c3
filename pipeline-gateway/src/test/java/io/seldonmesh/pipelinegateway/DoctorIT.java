package io.seldonmesh.pipelinegateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.testkit.DoctorScenarios;
import io.seldonmesh.testkit.PackagedDoctor;
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
    private static final Path APPLICATION = QuarkusApp.moduleApplication("pipeline-gateway");

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
        PackagedDoctor.Result result = scenarios.wrongPort(APPLICATION, Map.of());

        assertThat(result.exitStatus()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("doctor for pipeline-gateway").contains("FAIL tcp");
    }

    @Test
    void wrongPasswordFailsAtAuthentication() {
        PackagedDoctor.Result result = scenarios.wrongPassword(APPLICATION, Map.of());

        assertThat(result.exitStatus()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("FAIL authentication").contains("KAFKA_CLIENT_SASL_PASSWORD_LOCATION");
    }

    @Test
    void missingAclFailsAtAccessNamingTheTopicsTheGroupAndTheGrants() {
        PackagedDoctor.Result result = scenarios.missingAcls(APPLICATION, Map.of());

        assertThat(result.exitStatus()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("OK   authentication").contains("FAIL access")
                .contains("topic seldon.doctor.control.pipelines").contains("kafka-acls.sh")
                .contains("doctor-seldon-pipelinegateway-partitions")
                .as("only the doctor's lines, not Kafka's client settings").doesNotContain("values:");
    }
}
