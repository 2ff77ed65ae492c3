package io.seldonmesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.doctor.Access;
import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

/** A service's doctor: Kafka's layers with the service's access needs, then the service's own checks. */
class ServiceDoctorTest {

    private static final String BOOTSTRAP = SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT);

    /** A service that reads the errors topic and checks one dependency of its own. */
    private record Profile(Finding own) implements ServiceProfile {
        @Override
        public String name() {
            return "test-service";
        }

        @Override
        public List<Access> kafkaAccess(SeldonKafkaSettings settings) {
            return List.of(Access.topic(TopicNames.from(settings).errors(), "reads errors", AclOperation.READ));
        }

        @Override
        public List<DoctorCheck> doctorChecks(Map<String, String> environment) {
            return List.of(() -> List.of(own));
        }
    }

    @Test
    void healthyServicePassesEveryLayerAndItsOwnCheck() {
        ServiceDoctor.Report report = ServiceDoctor.examine(new Profile(Finding.ok("storage", "bucket reachable")),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP));

        assertThat(report.exitStatus()).as(report.text()).isZero();
        assertThat(report.lines().get(0)).isEqualTo("doctor for test-service");
        assertThat(report.text()).contains("OK   cluster").contains("access").contains("OK   storage        bucket reachable");
    }

    @Test
    void wrongPortFailsAtTcpNamingTheAddress() {
        int closed = FreePort.next();
        ServiceDoctor.Report report = ServiceDoctor.examine(new Profile(Finding.ok("storage", "fine")),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closed));

        assertThat(report.exitStatus()).isEqualTo(1);
        assertThat(report.text()).contains("FAIL tcp").contains("127.0.0.1:" + closed).contains("SKIP access");
    }

    @Test
    void failingOwnCheckFailsTheDoctor() {
        ServiceDoctor.Report report = ServiceDoctor.examine(new Profile(Finding.fail("storage", "bucket missing")),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP));

        assertThat(report.exitStatus()).isEqualTo(1);
        assertThat(report.text()).contains("FAIL storage        bucket missing");
    }

    @Test
    void invalidSettingIsStatusTwoNamingTheVariable() {
        ServiceDoctor.Report report = ServiceDoctor.examine(new Profile(Finding.ok("storage", "fine")),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP, "KAFKA_SECURITY_PROTOCOL", "TLS"));

        assertThat(report.exitStatus()).isEqualTo(2);
        assertThat(report.text()).contains("KAFKA_SECURITY_PROTOCOL=TLS");
    }
}
