package io.seldonmesh.modelfetcher;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/**
 * The fetcher's own settings; each is set by the environment variable named in application.properties, where its
 * default is too, one line each (Kafka's are Seldon's variables, read by common's {@code SeldonKafkaSettings}).
 */
@ConfigMapping(prefix = "model-fetcher")
public interface FetcherConfig {

    /** Where versions go, {@code <models-root>/<model>/<version>/}, shared with the model server ({@code MODELS_ROOT}). */
    Path modelsRoot();

    Server server();

    ModelServer modelServer();

    Secrets secrets();

    Download download();

    /**
     * The directories a local {@code storageUri} may name; none by default, so a local path is refused
     * ({@code LOCAL_STORAGE_ROOTS}).
     */
    Optional<List<Path>> localStorageRoots();

    /**
     * Where Models may be loaded from ({@code STORAGE_URI_ALLOWED_PREFIXES}, common's {@code StorageAllowList}): checked
     * here too, as a spec can reach the control topic without the control API. Empty: every location.
     */
    Optional<String> storageUriAllowedPrefixes();

    /** How many models are fetched and loaded at once ({@code FETCHER_PARALLEL_MODELS}). */
    int parallelModels();

    /** The model server replica this fetcher serves, as Seldon's agent describes its own. */
    interface Server {
        /** What a Model's {@code spec.server} names ({@code SERVER_NAME}). */
        String name();

        /** This replica's id in status keys, normally the pod name ({@code SERVER_REPLICA}, else {@code HOSTNAME}). */
        String replica();

        /** The replica's ordinal; by default the number after the replica id's last '-' ({@code SERVER_REPLICA_INDEX}). */
        Optional<Integer> replicaIndex();

        /** What {@code spec.requirements} must be within, e.g. {@code sklearn,onnx} ({@code SERVER_CAPABILITIES}). */
        Optional<List<String>> capabilities();

        /** Memory for models, a Kubernetes quantity such as {@code 4Gi}; unset: not enforced ({@code SERVER_MEMORY}). */
        Optional<String> memory();

        /** Where gateways call the loaded models over REST; default the model server URL ({@code MODEL_SERVER_REST_ENDPOINT}). */
        Optional<String> restEndpoint();

        /** ... and over gRPC, {@code host:port} ({@code MODEL_SERVER_GRPC_ENDPOINT}). */
        Optional<String> grpcEndpoint();
    }

    interface ModelServer {
        /** The model server's REST base URL for its repository API ({@code MODEL_SERVER_URL}). */
        URI url();

        /** How long one load may take ({@code MODEL_SERVER_LOAD_TIMEOUT}). */
        Duration loadTimeout();

        /**
         * How often the server is checked for answering and for models it lost, e.g. by a restart
         * ({@code MODEL_SERVER_CHECK_INTERVAL}).
         */
        Duration checkInterval();
    }

    LoadRetry loadRetry();

    /** Waits between attempts at a load that failed transiently (storage or model server outage, 5xx, throttling). */
    interface LoadRetry {
        /** The first wait, doubled at each failed attempt ({@code LOAD_RETRY_INITIAL_DELAY}). */
        Duration initialDelay();

        /** The longest wait ({@code LOAD_RETRY_MAX_DELAY}). */
        Duration maxDelay();
    }

    Doctor doctor();

    /** What {@code doctor} reads to check object storage; the running fetcher never uses it. */
    interface Doctor {
        /**
         * A storageUri as a Model writes it, e.g. {@code s3-kms://models/iris}: its bucket is listed and its first
         * object read ({@code DOCTOR_STORAGE_URI}); unset: storage is not checked.
         */
        Optional<String> storageUri();

        /**
         * The Secret holding its rclone remote, as a Model's {@code spec.secretName} ({@code DOCTOR_STORAGE_SECRET});
         * unset: a preloaded remote of the URI's name, or for {@code s3://} the AWS default chain, as for a Model.
         */
        Optional<String> storageSecret();
    }

    interface Secrets {
        /** Secrets mounted as {@code <dir>/<secret>/<key>} ({@code SECRETS_DIR}). */
        Optional<Path> directory();

        /** Also read Secrets from the Kubernetes API in the pod's namespace ({@code SECRETS_FROM_KUBERNETES}). */
        boolean kubernetes();

        /** Secrets offering rclone remotes to every model, Seldon's {@code rclone.configSecrets} ({@code RCLONE_CONFIG_SECRETS}). */
        Optional<List<String>> preloaded();
    }

    interface Download {
        /** Parallel S3 requests; default two per CPU, 4 to 16 ({@code DOWNLOAD_CONNECTIONS}). */
        Optional<Integer> connections();

        /** Objects of at least this size are fetched as parallel ranged GETs ({@code DOWNLOAD_SPLIT_ABOVE}). */
        MemorySize splitAbove();

        /** The length of one ranged GET ({@code DOWNLOAD_RANGE_SIZE}). */
        MemorySize rangeSize();

        /**
         * Tries per object on a checksum mismatch (two identical wrong digests end it), and per range on a broken
         * connection ({@code DOWNLOAD_ATTEMPTS}).
         */
        int attempts();

        /**
         * Every model must carry a hash manifest ({@code SHA256SUMS} or {@code model.sig}); one without it fails
         * ({@code DOWNLOAD_REQUIRE_MANIFEST}).
         */
        boolean requireManifest();
    }
}
