package io.seldonmesh.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.config.TestEnvironment;
import io.seldonmesh.common.doctor.Access;
import io.seldonmesh.common.doctor.KafkaDoctor;
import io.seldonmesh.testkit.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doctor's access layer on a broker with ACLs: it asks, and names the grant each missing permission needs. */
class KafkaDoctorAccessTest {

    private static final String USER = "doctor-app";
    private static final String PASSWORD = "doctor-app-secret";

    @TempDir
    static Path mounts;

    private static KafkaBroker broker;
    private static Map<String, String> environment;

    @BeforeAll
    static void startBrokerWithAcls() throws Exception {
        broker = KafkaBroker.builder().withScramUser(USER, PASSWORD).withAcls().start();
        Path password = Files.writeString(mounts.resolve("password"), PASSWORD);
        environment = TestEnvironment.with(SeldonEnvironment.scram(broker, "SCRAM-SHA-512", USER, password),
                "SELDON_NAMESPACE", "seldon-mesh");
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void missingGrantIsAFailureNamingTheOperationAndTheCommandThatAddsIt() throws Exception {
        String topic = "seldon.seldon-mesh.control.models-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin superUser = Admin.create(broker.adminProperties())) {
            superUser.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            superUser.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    new AccessControlEntry("User:" + USER, "*", AclOperation.READ, AclPermissionType.ALLOW))))
                    .all().get(30, TimeUnit.SECONDS);
        }

        String[] lines = examine(List.of(Access.topic(topic, "reads and writes Model specs", AclOperation.READ,
                AclOperation.WRITE)), 1);

        assertThat(lines[lines.length - 1]).startsWith("✗ FAIL access         User:" + USER + " may not write topic " + topic
                        + ", which the service needs (reads and writes Model specs): kafka-acls.sh --bootstrap-server ")
                .endsWith("--add --allow-principal User:" + USER + " --operation Write --topic " + topic);
    }

    @Test
    void grantedAccessAndAMissingTopicAreReportedAsSuch() throws Exception {
        String topic = "seldon.seldon-mesh.status.models-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin superUser = Admin.create(broker.adminProperties())) {
            superUser.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            superUser.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    new AccessControlEntry("User:" + USER, "*", AclOperation.ALL, AclPermissionType.ALLOW))))
                    .all().get(30, TimeUnit.SECONDS);
        }

        String[] lines = examine(List.of(Access.topic(topic, "reads model status", AclOperation.READ)), 0);

        assertThat(lines[lines.length - 1]).isEqualTo("✓ OK   access         topic " + topic + ": read (reads model status)");
    }

    private static String[] examine(List<Access> needs, int expectedStatus) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = KafkaDoctor.run(environment, settings -> needs, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(status).as(String.join("\n", lines)).isEqualTo(expectedStatus);
        return lines;
    }
}
