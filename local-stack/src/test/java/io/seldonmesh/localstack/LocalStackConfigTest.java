package io.seldonmesh.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.runtime.StandaloneConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The launcher's settings as application.properties maps its environment variables, defaults included, and the checks
 * that make a wrong value one line naming the variable.
 */
class LocalStackConfigTest {

    private static final Map<String, String> EXISTING_S3 = Map.of("LOCAL_S3_ENDPOINT", "https://s3.example:9000",
            "AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "secret", "LOCAL_S3_KMS_KEY_ID", "key-1");

    private static LocalStackConfig config(Map<String, String> environment) {
        return StandaloneConfig.mapping(LocalStackConfig.class, environment);
    }

    @Test
    void everySettingHasItsDefaultInOnePlace() {
        LocalStackConfig defaults = config(Map.of());

        assertThat(defaults.dir()).isEqualTo(Path.of(".local-stack"));
        assertThat(defaults.fixedPorts()).isEqualTo("true");
        assertThat(defaults.exitAfterDemo()).isEqualTo("false");
        assertThat(defaults.kafkaBootstrapServers()).isEmpty();
        assertThat(defaults.kafkaPort()).isEqualTo("9092");
        assertThat(defaults.s3Bucket()).isEqualTo("models");
        assertThat(defaults.s3Endpoint()).isEmpty();
        assertThat(defaults.s3Region()).isEqualTo("us-east-1");
        assertThat(defaults.s3AccessKeyId()).isEmpty();
        assertThat(defaults.s3SecretAccessKey()).isEmpty();
        assertThat(defaults.s3KmsKeyId()).isEmpty();
        assertThat(defaults.modelServerUrl()).isEmpty();
        assertThat(defaults.modelServerGrpc()).isEmpty();
        assertThat(defaults.modelsRoot()).isEmpty();
    }

    @Test
    void everySettingIsReadFromItsVariable() {
        LocalStackConfig set = config(Map.ofEntries(Map.entry("LOCAL_STACK_DIR", "/tmp/stack"),
                Map.entry("LOCAL_FIXED_PORTS", "false"), Map.entry("LOCAL_STACK_EXIT_AFTER_DEMO", "true"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "kafka-0:9093,kafka-1:9093"),
                Map.entry("LOCAL_KAFKA_PORT", "19092"),
                Map.entry("LOCAL_S3_BUCKET", "demo"), Map.entry("LOCAL_S3_ENDPOINT", "https://s3.example:9000"),
                Map.entry("LOCAL_S3_REGION", "eu-west-1"), Map.entry("AWS_ACCESS_KEY_ID", "AKIA"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "secret"), Map.entry("LOCAL_S3_KMS_KEY_ID", "key-1"),
                Map.entry("LOCAL_MODEL_SERVER_URL", "http://mlserver:8080"),
                Map.entry("LOCAL_MODEL_SERVER_GRPC", "mlserver:8081"), Map.entry("LOCAL_MODELS_ROOT", "/srv/models")));

        assertThat(set.dir()).isEqualTo(Path.of("/tmp/stack"));
        assertThat(set.fixedPorts()).isEqualTo("false");
        assertThat(set.exitAfterDemo()).isEqualTo("true");
        assertThat(set.kafkaBootstrapServers()).contains("kafka-0:9093,kafka-1:9093");
        assertThat(set.kafkaPort()).isEqualTo("19092");
        assertThat(set.s3Bucket()).isEqualTo("demo");
        assertThat(set.s3Endpoint()).contains("https://s3.example:9000");
        assertThat(set.s3Region()).isEqualTo("eu-west-1");
        assertThat(set.s3AccessKeyId()).contains("AKIA");
        assertThat(set.s3SecretAccessKey()).contains("secret");
        assertThat(set.s3KmsKeyId()).contains("key-1");
        assertThat(set.modelServerUrl()).contains("http://mlserver:8080");
        assertThat(set.modelServerGrpc()).contains("mlserver:8081");
        assertThat(set.modelsRoot()).contains(Path.of("/srv/models"));
    }

    @Test
    void defaultsEmbedEverythingOnTheDocumentedPortsAndKeepRunning() {
        StackSettings defaults = StackSettings.fromEnvironment(Map.of());

        assertThat(defaults.externalKafka()).isEmpty();
        assertThat(defaults.kafkaPort()).isEqualTo(9092);
        assertThat(defaults.fixedPorts()).isTrue();
        assertThat(defaults.s3Bucket()).isEqualTo("models");
        assertThat(defaults.workDirectory()).isEqualTo(Path.of(".local-stack").toAbsolutePath());
        assertThat(defaults.modelsRoot()).isEqualTo(Path.of(".local-stack", "models").toAbsolutePath());
        assertThat(defaults.externalModelServer()).isEmpty();
        assertThat(defaults.externalObjectStore()).isEmpty();
        assertThat(defaults.keepRunning()).isTrue();
    }

    @Test
    void aBlankVariableCountsAsUnsetAndValuesAreTrimmed() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("LOCAL_STACK_DIR", " ", "LOCAL_FIXED_PORTS", "",
                "LOCAL_KAFKA_PORT", " 19092 ", "KAFKA_BOOTSTRAP_SERVERS", "  ", "LOCAL_S3_BUCKET", "",
                "LOCAL_S3_ENDPOINT", "", "LOCAL_MODEL_SERVER_URL", " "));

        assertThat(settings.workDirectory()).isEqualTo(Path.of(".local-stack").toAbsolutePath());
        assertThat(settings.fixedPorts()).isTrue();
        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.externalKafka()).isEmpty();
        assertThat(settings.s3Bucket()).isEqualTo("models");
        assertThat(settings.externalObjectStore()).isEmpty();
        assertThat(settings.externalModelServer()).isEmpty();
    }

    @Test
    void flagsAreTrueOrFalseInAnyCase() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("LOCAL_FIXED_PORTS", "FALSE",
                "LOCAL_STACK_EXIT_AFTER_DEMO", "True"));

        assertThat(settings.fixedPorts()).isFalse();
        assertThat(settings.keepRunning()).isFalse();
    }

    @Test
    void flagThatIsNotTrueOrFalseIsRejectedNamingTheVariable() {
        for (String variable : new String[] {"LOCAL_FIXED_PORTS", "LOCAL_STACK_EXIT_AFTER_DEMO"}) {
            assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of(variable, "yes")))
                    .as(variable).isInstanceOf(StackException.class)
                    .hasMessage(variable + "=yes is not a flag: use true or false");
        }
    }

    @Test
    void portZeroMeansAnyFreePort() {
        assertThat(StackSettings.fromEnvironment(Map.of("LOCAL_KAFKA_PORT", "0")).kafkaPort()).isZero();
    }

    @Test
    void portThatIsNotATcpPortIsRejectedNamingTheVariable() {
        for (String port : new String[] {"x", "-1", "65536", "9092a", "123456"}) {
            assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("LOCAL_KAFKA_PORT", port)))
                    .as(port).isInstanceOf(StackException.class)
                    .hasMessage("LOCAL_KAFKA_PORT=" + port + " is not a TCP port (0-65535; 0 = any free port)");
        }
    }

    @Test
    void existingS3EndpointIsUsedWithItsRegionCredentialsKeyAndTheBucket() {
        Map<String, String> environment = new HashMap<>(EXISTING_S3);
        environment.put("LOCAL_S3_BUCKET", "demo");

        assertThat(StackSettings.fromEnvironment(environment).externalObjectStore()).contains(new ObjectStore(
                URI.create("https://s3.example:9000"), "us-east-1", "AKIA", "secret", "key-1", "demo"));
    }

    @Test
    void s3EndpointThatIsNotHttpIsRejectedWithAnExample() {
        Map<String, String> environment = new HashMap<>(EXISTING_S3);
        environment.put("LOCAL_S3_ENDPOINT", "s3.example:9000");

        assertThatThrownBy(() -> StackSettings.fromEnvironment(environment)).isInstanceOf(StackException.class)
                .hasMessage("LOCAL_S3_ENDPOINT=s3.example:9000 is not an http(s) URL; expected e.g. "
                        + "https://s3.eu-west-1.amazonaws.com");
    }

    @Test
    void s3EndpointWithoutCredentialsOrKeyIsRejectedNamingWhatIsMissing() {
        for (String missing : new String[] {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "LOCAL_S3_KMS_KEY_ID"}) {
            Map<String, String> environment = new HashMap<>(EXISTING_S3);
            environment.remove(missing);

            assertThatThrownBy(() -> StackSettings.fromEnvironment(environment)).as(missing)
                    .isInstanceOf(StackException.class)
                    .hasMessage(missing + " is required when LOCAL_S3_ENDPOINT is set (the demo model is uploaded "
                            + "there with SSE-KMS)");
        }
    }

    @Test
    void theSeldonKafkaVariablesAreKeptForTheServices() {
        Map<String, String> environment = Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "SELDON_NAMESPACE", "seldon-mesh");

        assertThat(StackSettings.fromEnvironment(environment).environment()).isEqualTo(environment);
    }

    @Test
    void theLaunchersOwnApplicationPropertiesIsTheOnlyOneOnItsClasspath() throws IOException {
        // StandaloneConfig reads every application.properties it finds: another one would mix its settings in
        assertThat(Collections.list(getClass().getClassLoader().getResources("application.properties")))
                .singleElement().extracting(URL::getPath).asString()
                .endsWith("/local-stack/target/classes/application.properties");
    }
}
