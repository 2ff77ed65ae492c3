package io.seldonmesh.modelfetcher;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.seldonmesh.common.spec.StorageAllowList;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.modelfetcher.core.DownloadSettings;
import io.seldonmesh.modelfetcher.core.FetcherSettings;
import io.seldonmesh.modelfetcher.core.RetryBackoff;
import io.seldonmesh.modelfetcher.core.ServerIdentity;
import io.seldonmesh.modelfetcher.io.FetcherRuntime;
import io.seldonmesh.modelfetcher.io.KubernetesSecrets;
import io.seldonmesh.modelfetcher.io.MountedSecrets;
import io.seldonmesh.modelfetcher.io.SecretSource;
import io.seldonmesh.runtime.ServiceProfile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one place the fetcher is assembled: settings from {@link FetcherConfig}, Kafka clients from service-runtime,
 * Secrets from a mounted directory and the Kubernetes API; a wrong setting stops start-up naming it.
 */
@ApplicationScoped
public class FetcherWiring {

    private static final Logger LOG = Logger.getLogger(FetcherWiring.class);

    @Produces
    @Singleton
    ServiceProfile profile(FetcherConfig config, TopicNames topics, Instance<KubernetesClient> kubernetes) {
        return new ModelFetcherProfile(config, () -> secretSources(config.secrets(), kubernetes::get, topics::namespace));
    }

    @Produces
    @Singleton
    @Startup
    FetcherRuntime fetcher(KafkaClientFactory kafka, TopicNames topics, FetcherConfig config, MeterRegistry registry,
                           Instance<KubernetesClient> kubernetes) {
        FetcherSettings settings = settings(config);
        List<SecretSource> secrets = secretSources(config.secrets(), kubernetes::get, topics::namespace);
        LOG.infof("model-fetcher for server %s replica %s (ordinal %d): %s, models in %s, model server %s, secrets from %s,"
                + " local storageUri roots %s", settings.server().serverName(), settings.server().replicaId(),
                settings.server().replicaIndex(), topics, settings.modelsRoot(), settings.modelServerUrl(),
                secrets.isEmpty() ? "nowhere" : secrets, settings.localStorageRoots().isEmpty() ? "none (refused)"
                        : settings.localStorageRoots());
        FetcherRuntime fetcher = new FetcherRuntime(settings, kafka, topics, secrets, registry, Clock.systemUTC());
        fetcher.start();
        return fetcher;
    }

    void stop(@Disposes FetcherRuntime fetcher) {
        fetcher.close();
    }

    /**
     * Where Secrets holding rclone remotes are looked up, in order: the mounted directory, then the Kubernetes API in
     * the pod's namespace (else {@code namespace}, Seldon's); the client and the namespace are asked for only then.
     */
    static List<SecretSource> secretSources(FetcherConfig.Secrets config, Supplier<KubernetesClient> kubernetes,
                                            Supplier<String> namespace) {
        List<SecretSource> sources = new ArrayList<>();
        config.directory().ifPresent(directory -> sources.add(new MountedSecrets(directory)));
        if (config.kubernetes()) {
            KubernetesClient client = kubernetes.get();
            sources.add(new KubernetesSecrets(client, client.getNamespace() == null ? namespace.get() : client.getNamespace()));
        }
        return sources;
    }

    /**
     * The one place the mapping becomes the plain settings the fetcher runs on ({@link FetcherRuntime}, which tests
     * also start without Quarkus), with what is derived: the ordinal, the memory in bytes, the endpoints published.
     */
    static FetcherSettings settings(FetcherConfig config) {
        FetcherConfig.Server server = config.server();
        int index = server.replicaIndex().orElseGet(() -> ordinal(server.replica()));
        Endpoints endpoints = new Endpoints(server.restEndpoint().orElse(config.modelServer().url().toString()),
                server.grpcEndpoint().orElse(null));
        OptionalLong memory = server.memory().map(FetcherWiring::bytes).map(OptionalLong::of).orElse(OptionalLong.empty());
        ServerIdentity identity = new ServerIdentity(server.name(), server.replica(), index,
                Set.copyOf(server.capabilities().orElse(List.of())), memory, endpoints);
        DownloadSettings defaults = DownloadSettings.defaults();
        FetcherConfig.Download download = config.download();
        DownloadSettings downloads = new DownloadSettings(download.connections().orElse(defaults.connections()),
                download.splitAbove().asLongValue(), download.rangeSize().asLongValue(), download.attempts(),
                defaults.bufferSize(), defaults.progressEvery(), download.requireManifest());
        return new FetcherSettings(config.modelsRoot(), identity, config.modelServer().url(), config.modelServer().loadTimeout(),
                config.secrets().preloaded().orElse(List.of()), downloads, config.parallelModels(),
                config.localStorageRoots().orElse(List.of()), config.modelServer().checkInterval(),
                new RetryBackoff(config.loadRetry().initialDelay(), config.loadRetry().maxDelay()),
                StorageAllowList.parse(config.storageUriAllowedPrefixes().orElse("")));
    }

    /** A StatefulSet pod {@code mlserver-2} is ordinal 2; any other name is 0. */
    static int ordinal(String replica) {
        int dash = replica.lastIndexOf('-');
        String suffix = dash < 0 ? "" : replica.substring(dash + 1);
        return !suffix.isEmpty() && suffix.length() < 9 && suffix.chars().allMatch(Character::isDigit)
                ? Integer.parseInt(suffix) : 0;
    }

    private static long bytes(String quantity) {
        try {
            return Quantity.getAmountInBytes(new Quantity(quantity)).longValueExact();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("SERVER_MEMORY '" + quantity + "' is not a Kubernetes quantity of bytes,"
                    + " e.g. 4Gi or 512Mi", e);
        }
    }
}
