package io.seldonmesh.modelfetcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.doctor.Access;
import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.runtime.DoctorCheck;
import io.seldonmesh.runtime.StandaloneConfig;
import io.seldonmesh.testkit.FreePort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** What the fetcher's doctor asks of the brokers, and its own checks as the command line builds them. */
class ModelFetcherProfileTest {

    private final ModelFetcherProfile commandLine = new ModelFetcherProfile();

    private List<Finding> ownFindings(Map<String, String> variables) {
        return commandLine.doctorChecks(StandaloneConfig.withVariables(variables)).stream().map(DoctorCheck::examine)
                .flatMap(List::stream).toList();
    }

    @Test
    void needsToReadTheSpecsAndWriteTheStatusesWithoutAGroup() {
        List<Access> needs = commandLine.kafkaAccess(SeldonKafkaSettings.fromEnvironment(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "SELDON_NAMESPACE", "seldon-mesh")));

        assertThat(needs).extracting(Access::name, Access::operations).containsExactly(
                Tuple.tuple("seldon.seldon-mesh.control.models", Set.of(AclOperation.READ)),
                Tuple.tuple("seldon.seldon-mesh.status.models", Set.of(AclOperation.WRITE)));
    }

    @Test
    void commandLineChecksTheModelServerOfItsVariablesAndSkipsStorageWithoutAProbe() {
        String nothing = "http://127.0.0.1:" + FreePort.next();

        List<Finding> findings = ownFindings(Map.of("MODEL_SERVER_URL", nothing));

        assertThat(findings).extracting(Finding::layer, Finding::verdict).containsExactly(
                Tuple.tuple("model server", Finding.Verdict.FAIL),
                Tuple.tuple("storage", Finding.Verdict.SKIP));
        assertThat(findings.get(0).detail()).contains(nothing);
    }

    @Test
    void invalidOwnSettingIsOneFailingLineNamingTheValue() {
        List<Finding> findings = ownFindings(Map.of("MODEL_SERVER_CHECK_INTERVAL", "soon"));

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.line()).startsWith("✗ FAIL settings       the fetcher's own settings: ").contains("soon")
                    .doesNotContain("\n");
        });
    }
}
