package io.seldonmesh.modelfetcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.common.spec.StorageAllowList;
import io.seldonmesh.modelfetcher.core.DownloadSettings;
import io.seldonmesh.modelfetcher.core.FetcherSettings;
import io.seldonmesh.runtime.StandaloneConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The fetcher's settings as application.properties maps its environment variables, defaults included (read with
 * Quarkus's converters, as the running service and the command-line doctor read them).
 */
class FetcherConfigTest {

    private static final long MIB = 1024 * 1024;

    private static FetcherConfig config(Map<String, String> environment) {
        return StandaloneConfig.mapping(FetcherConfig.class, environment);
    }

    @Test
    void everySettingHasItsDefaultInOnePlace() {
        FetcherConfig defaults = config(Map.of());

        assertThat(defaults.modelsRoot()).isEqualTo(Path.of("/mnt/models"));
        assertThat(defaults.parallelModels()).isEqualTo(2);
        assertThat(defaults.localStorageRoots()).isEmpty();
        assertThat(defaults.server().name()).isEqualTo("mlserver");
        assertThat(defaults.server().replica()).isEqualTo("mlserver-0");
        assertThat(defaults.server().replicaIndex()).isEmpty();
        assertThat(defaults.server().capabilities()).isEmpty();
        assertThat(defaults.server().memory()).isEmpty();
        assertThat(defaults.server().restEndpoint()).isEmpty();
        assertThat(defaults.server().grpcEndpoint()).isEmpty();
        assertThat(defaults.modelServer().url()).isEqualTo(URI.create("http://127.0.0.1:9500"));
        assertThat(defaults.modelServer().loadTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.modelServer().checkInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.loadRetry().initialDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.loadRetry().maxDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.secrets().directory()).isEmpty();
        assertThat(defaults.secrets().kubernetes()).isFalse();
        assertThat(defaults.secrets().preloaded()).isEmpty();
        assertThat(defaults.download().connections()).isEmpty();
        assertThat(defaults.download().splitAbove().asLongValue()).isEqualTo(32 * MIB);
        assertThat(defaults.download().rangeSize().asLongValue()).isEqualTo(16 * MIB);
        assertThat(defaults.download().attempts()).isEqualTo(3);
        assertThat(defaults.download().requireManifest()).isFalse();
        assertThat(defaults.doctor().storageUri()).isEmpty();
        assertThat(defaults.doctor().storageSecret()).isEmpty();
    }

    @Test
    void everySettingIsReadFromItsVariable() {
        FetcherConfig set = config(Map.ofEntries(Map.entry("MODELS_ROOT", "/srv/models"),
                Map.entry("FETCHER_PARALLEL_MODELS", "5"), Map.entry("LOCAL_STORAGE_ROOTS", "/srv/a,/srv/b"),
                Map.entry("SERVER_NAME", "triton"), Map.entry("SERVER_REPLICA", "triton-3"),
                Map.entry("SERVER_REPLICA_INDEX", "7"), Map.entry("SERVER_CAPABILITIES", "onnx,sklearn"),
                Map.entry("SERVER_MEMORY", "4Gi"), Map.entry("MODEL_SERVER_REST_ENDPOINT", "http://triton-3:8000"),
                Map.entry("MODEL_SERVER_GRPC_ENDPOINT", "triton-3:8001"),
                Map.entry("MODEL_SERVER_URL", "http://127.0.0.1:8000"), Map.entry("MODEL_SERVER_LOAD_TIMEOUT", "90s"),
                Map.entry("MODEL_SERVER_CHECK_INTERVAL", "2s"), Map.entry("LOAD_RETRY_INITIAL_DELAY", "250ms"),
                Map.entry("LOAD_RETRY_MAX_DELAY", "30s"), Map.entry("SECRETS_DIR", "/etc/seldon/secrets"),
                Map.entry("SECRETS_FROM_KUBERNETES", "true"), Map.entry("RCLONE_CONFIG_SECRETS", "s3-a,s3-b"),
                Map.entry("DOWNLOAD_CONNECTIONS", "6"), Map.entry("DOWNLOAD_SPLIT_ABOVE", "64M"),
                Map.entry("DOWNLOAD_RANGE_SIZE", "8M"), Map.entry("DOWNLOAD_ATTEMPTS", "5"),
                Map.entry("DOWNLOAD_REQUIRE_MANIFEST", "true"),
                Map.entry("DOCTOR_STORAGE_URI", "s3-kms://models/iris"), Map.entry("DOCTOR_STORAGE_SECRET", "s3-kms-models")));

        assertThat(set.modelsRoot()).isEqualTo(Path.of("/srv/models"));
        assertThat(set.parallelModels()).isEqualTo(5);
        assertThat(set.localStorageRoots()).contains(List.of(Path.of("/srv/a"), Path.of("/srv/b")));
        assertThat(set.server().name()).isEqualTo("triton");
        assertThat(set.server().replica()).isEqualTo("triton-3");
        assertThat(set.server().replicaIndex()).contains(7);
        assertThat(set.server().capabilities()).contains(List.of("onnx", "sklearn"));
        assertThat(set.server().memory()).contains("4Gi");
        assertThat(set.server().restEndpoint()).contains("http://triton-3:8000");
        assertThat(set.server().grpcEndpoint()).contains("triton-3:8001");
        assertThat(set.modelServer().url()).isEqualTo(URI.create("http://127.0.0.1:8000"));
        assertThat(set.modelServer().loadTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(set.modelServer().checkInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(set.loadRetry().initialDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(set.loadRetry().maxDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(set.secrets().directory()).contains(Path.of("/etc/seldon/secrets"));
        assertThat(set.secrets().kubernetes()).isTrue();
        assertThat(set.secrets().preloaded()).contains(List.of("s3-a", "s3-b"));
        assertThat(set.download().connections()).contains(6);
        assertThat(set.download().splitAbove().asLongValue()).isEqualTo(64 * MIB);
        assertThat(set.download().rangeSize().asLongValue()).isEqualTo(8 * MIB);
        assertThat(set.download().attempts()).isEqualTo(5);
        assertThat(set.download().requireManifest()).isTrue();
        assertThat(set.doctor().storageUri()).contains("s3-kms://models/iris");
        assertThat(set.doctor().storageSecret()).contains("s3-kms-models");
    }

    @Test
    void replicaIsTheVariableElseThePodsHostname() {
        assertThat(config(Map.of("SERVER_REPLICA", "mlserver-1", "HOSTNAME", "mlserver-2")).server().replica())
                .isEqualTo("mlserver-1");
        assertThat(config(Map.of("HOSTNAME", "mlserver-2")).server().replica()).isEqualTo("mlserver-2");
    }

    @Test
    void settingsDeriveTheOrdinalMemoryEndpointsAndConnections() {
        FetcherSettings settings = FetcherWiring.settings(config(Map.of("SERVER_REPLICA", "mlserver-2",
                "SERVER_MEMORY", "1Gi", "MODEL_SERVER_URL", "http://127.0.0.1:8000")));

        assertThat(settings.server().replicaIndex()).isEqualTo(2);
        assertThat(settings.server().memoryBytes()).isEqualTo(OptionalLong.of(1024 * MIB));
        assertThat(settings.server().endpoints().rest()).isEqualTo("http://127.0.0.1:8000");
        assertThat(settings.server().endpoints().grpc()).isNull();
        assertThat(settings.download().connections()).isEqualTo(DownloadSettings.defaults().connections());
    }

    @Test
    void statefulSetPodNameGivesTheReplicaOrdinal() {
        assertThat(FetcherWiring.ordinal("mlserver-2")).isEqualTo(2);
        assertThat(FetcherWiring.ordinal("triton-gpu-10")).isEqualTo(10);
        assertThat(FetcherWiring.ordinal("mlserver-7f9c6d-x2kq")).isZero();
        assertThat(FetcherWiring.ordinal("mlserver")).isZero();
    }

    @Test
    void storageAllowListTakesSharedAndPerNamespaceEntries() {
        StorageAllowList allowed = FetcherWiring.settings(config(Map.of("STORAGE_URI_ALLOWED_PREFIXES",
                "s3://shared/models, team-a=s3://bucket-a/"))).storageAllowList();

        assertThat(allowed.refusal("team-b", "s3://shared/models/iris")).as("every namespace").isEmpty();
        assertThat(allowed.refusal("team-a", "s3://bucket-a/iris")).as("its own namespace").isEmpty();
        assertThat(allowed.refusal("team-b", "s3://bucket-a/iris")).as("another namespace's").isPresent();
        assertThat(FetcherWiring.settings(config(Map.of())).storageAllowList().allowsEverything()).isTrue();
    }

    @Test
    void storageAllowListEntryThatIsMalformedStopsTheStartNamingTheVariableAndTheEntry() {
        assertThatThrownBy(() -> FetcherWiring.settings(config(Map.of("STORAGE_URI_ALLOWED_PREFIXES",
                "team-a=s3://bucket-a/, Team_B=s3://bucket-b/"))))
                .hasMessageStartingWith("STORAGE_URI_ALLOWED_PREFIXES entry 'Team_B=s3://bucket-b/': 'Team_B' is not");
        assertThatThrownBy(() -> FetcherWiring.settings(config(Map.of("STORAGE_URI_ALLOWED_PREFIXES", "team-a="))))
                .hasMessageStartingWith("STORAGE_URI_ALLOWED_PREFIXES entry 'team-a=' names no prefix");
    }

    @Test
    void memoryThatIsNotAQuantityStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> FetcherWiring.settings(config(Map.of("SERVER_MEMORY", "lots"))))
                .hasMessage("SERVER_MEMORY 'lots' is not a Kubernetes quantity of bytes, e.g. 4Gi or 512Mi");
    }
}
