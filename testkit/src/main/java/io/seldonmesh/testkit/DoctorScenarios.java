package io.seldonmesh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Assertions;

/**
 * The three mistakes a service's doctor must find, against a broker with SCRAM and ACLs of its own: a wrong port, a
 * wrong password, and a user the brokers know but who was granted nothing on the namespace's topics. Each runs the
 * packaged service's {@code doctor} ({@link PackagedDoctor}) with Seldon's variables only, as a pod would.
 */
public final class DoctorScenarios implements AutoCloseable {

    public static final String NAMESPACE = "doctor";
    private static final String USER = "doctor-service";
    private static final String PASSWORD = "doctor-service-secret";
    private static final List<String> SHARED_TOPICS = List.of("errors.errors", "control.models", "control.pipelines",
            "control.credentials", "status.models", "status.pipelines");

    private final KafkaBroker broker;
    private final Path directory;

    private DoctorScenarios(KafkaBroker broker, Path directory) {
        this.broker = broker;
        this.directory = directory;
    }

    /** Starts the broker and creates the namespace's shared topics as its superuser, granting the user nothing. */
    public static DoctorScenarios start(Path directory) {
        KafkaBroker broker = KafkaBroker.builder().withScramUser(USER, PASSWORD).withAcls().start();
        try (Admin superUser = Admin.create(broker.adminProperties())) {
            superUser.createTopics(SHARED_TOPICS.stream().map(topic -> new NewTopic("seldon." + NAMESPACE + "." + topic,
                    1, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            broker.close();
            throw new IllegalStateException("could not create the doctor's topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broker.close();
            throw new IllegalStateException(e);
        }
        return new DoctorScenarios(broker, directory);
    }

    /** Nothing listens there. */
    public PackagedDoctor.Result wrongPort(Path application, Map<String, String> service) {
        Map<String, String> environment = scram(PASSWORD, service);
        environment.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + FreePort.next());
        return PackagedDoctor.run(application, environment);
    }

    public PackagedDoctor.Result wrongPassword(Path application, Map<String, String> service) {
        return PackagedDoctor.run(application, scram("not-" + PASSWORD, service));
    }

    /** The right password, but no ACL grants the user anything on the namespace's topics. */
    public PackagedDoctor.Result missingAcls(Path application, Map<String, String> service) {
        return PackagedDoctor.run(application, scram(PASSWORD, service));
    }

    /** {@link #wrongPort}, which must exit 1 with the service's name and a failing tcp line. */
    public PackagedDoctor.Result failsAtTcp(Path application, String serviceName, Map<String, String> service) {
        return expect(wrongPort(application, service), List.of("doctor for " + serviceName, "FAIL tcp"));
    }

    /** {@link #wrongPassword}, which must exit 1 at authentication naming the password file's variable. */
    public PackagedDoctor.Result failsAtAuthentication(Path application, Map<String, String> service) {
        return expect(wrongPassword(application, service),
                List.of("FAIL authentication", "KAFKA_CLIENT_SASL_PASSWORD_LOCATION"));
    }

    /**
     * {@link #missingAcls}, which must exit 1 at access with the grant to run and each of {@code named} (the topics
     * and groups the service needs), showing only the doctor's lines, not the Kafka clients' settings.
     */
    public PackagedDoctor.Result failsAtAccess(Path application, Map<String, String> service, String... named) {
        List<String> expected = new ArrayList<>(List.of("OK   authentication", "FAIL access", "kafka-acls.sh"));
        expected.addAll(List.of(named));
        PackagedDoctor.Result result = expect(missingAcls(application, service), expected);
        Assertions.assertFalse(result.output().contains("values:"),
                () -> "only the doctor's lines were expected, not Kafka's client settings:\n" + result.output());
        return result;
    }

    private static PackagedDoctor.Result expect(PackagedDoctor.Result result, List<String> expected) {
        Assertions.assertEquals(1, result.exitStatus(), () -> "the doctor's exit status; it printed:\n" + result.output());
        for (String text : expected) {
            Assertions.assertTrue(result.output().contains(text),
                    () -> "the doctor did not print '" + text + "'; it printed:\n" + result.output());
        }
        return result;
    }

    private Map<String, String> scram(String password, Map<String, String> service) {
        Map<String, String> environment = new HashMap<>(service);
        environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(Listener.SCRAM));
        environment.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        environment.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        environment.put("KAFKA_CLIENT_SASL_USERNAME", USER);
        environment.put("KAFKA_CLIENT_SASL_PASSWORD_LOCATION", passwordFile(password).toString());
        environment.put("KAFKA_BROKER_TLS_CA_LOCATION", broker.certificates().caCertificate().toString());
        environment.put("SELDON_NAMESPACE", NAMESPACE);
        return environment;
    }

    private Path passwordFile(String password) {
        // the wrong password too: a doctor that echoed what it was given would leak the right one the same way
        UsedSecrets.record("SCRAM password (a password file)", password);
        try {
            Files.createDirectories(directory);
            return Files.writeString(directory.resolve("password-" + Math.abs(password.hashCode())), password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        broker.close();
    }
}
