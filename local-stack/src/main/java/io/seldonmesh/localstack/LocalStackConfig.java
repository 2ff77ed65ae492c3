package io.seldonmesh.localstack;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Every setting of the launcher; each is set by the variable application.properties names, where its default is too.
 * Values whose mistakes need a line naming the variable (flags, ports, URLs, {@code host:port}) are strings here and
 * are checked by {@link StackSettings}: SmallRye's own conversion errors name the property, not the variable, and it
 * reads any word but a true one as {@code false}. Seldon's Kafka variables other than {@code KAFKA_BOOTSTRAP_SERVERS}
 * are not read here: they are passed through to the services, which read them with common's
 * {@code SeldonKafkaSettings}.
 */
@ConfigMapping(prefix = "local-stack")
public interface LocalStackConfig {

    /** {@code LOCAL_STACK_DIR}: logs, the storage secrets, downloaded models. */
    Path dir();

    /** {@code LOCAL_FIXED_PORTS}, {@code true} or {@code false}: documented ports, or free ones. */
    String fixedPorts();

    /** {@code LOCAL_STACK_EXIT_AFTER_DEMO}, {@code true} or {@code false}: stop after the demo (tests, CI). */
    String exitAfterDemo();

    /** {@code KAFKA_BOOTSTRAP_SERVERS}: an existing Kafka cluster instead of the embedded broker. */
    Optional<String> kafkaBootstrapServers();

    /** {@code LOCAL_KAFKA_PORT}: port of the embedded broker, 0-65535 (0: any free port). */
    String kafkaPort();

    /** {@code LOCAL_S3_BUCKET}: bucket for the demo models (must exist at an existing endpoint). */
    String s3Bucket();

    /** {@code LOCAL_S3_ENDPOINT}: an existing S3-compatible endpoint instead of the embedded S3 server. */
    Optional<String> s3Endpoint();

    /** {@code LOCAL_S3_REGION}: that endpoint's region. */
    String s3Region();

    /** {@code AWS_ACCESS_KEY_ID}: for that endpoint; required with it. */
    Optional<String> s3AccessKeyId();

    /** {@code AWS_SECRET_ACCESS_KEY}: for that endpoint; required with it. */
    Optional<String> s3SecretAccessKey();

    /** {@code LOCAL_S3_KMS_KEY_ID}: the KMS key the demo uploads under at that endpoint; required with it. */
    Optional<String> s3KmsKeyId();

    /** {@code LOCAL_MODEL_SERVER_URL}: REST base URL of an existing V2 server instead of model-server. */
    Optional<String> modelServerUrl();

    /** {@code LOCAL_MODEL_SERVER_GRPC}: {@code host:port} of that server's gRPC endpoint; unset, REST is used. */
    Optional<String> modelServerGrpc();

    /**
     * {@code LOCAL_MODELS_ROOT}: where model-fetcher downloads and the model server loads from; required with
     * {@code LOCAL_MODEL_SERVER_URL}, else {@code <LOCAL_STACK_DIR>/models}.
     */
    Optional<Path> modelsRoot();
}
