package io.seldonmesh.modelfetcher;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.config.ServiceEnvironment;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/** Builds the fetcher from configuration at start-up and closes it at shutdown; a wrong setting stops start-up naming it. */
@ApplicationScoped
public class FetcherWiring {

    private static final Logger LOG = Logger.getLogger(FetcherWiring.class);

    private volatile FetcherRuntime runtime;

    void start(@Observes StartupEvent started, FetcherConfig config, Config allConfig, MeterRegistry registry,
               Instance<KubernetesClient> kubernetes) {
        Map<String, String> variables = ServiceEnvironment.from(allConfig);
        SeldonKafkaSettings.applyJvmNetworkSettings(variables);
        KafkaClientFactory kafka = KafkaClientFactory.fromEnvironment(variables);
        TopicNames topics = TopicNames.from(kafka.settings());
        FetcherSettings settings = settings(config);
        List<SecretSource> secrets = new ArrayList<>();
        config.secrets().directory().ifPresent(directory -> secrets.add(new MountedSecrets(directory)));
        if (config.secrets().kubernetes()) {
            KubernetesClient client = kubernetes.get();
            String namespace = client.getNamespace() == null ? topics.namespace() : client.getNamespace();
            secrets.add(new KubernetesSecrets(client, namespace));
        }
        LOG.infof("model-fetcher for server %s replica %s (ordinal %d): %s, models in %s, model server %s, secrets from %s,"
                + " local storageUri roots %s", settings.server().serverName(), settings.server().replicaId(),
                settings.server().replicaIndex(), topics, settings.modelsRoot(), settings.modelServerUrl(),
                secrets.isEmpty() ? "nowhere" : secrets, settings.localStorageRoots().isEmpty() ? "none (refused)"
                        : settings.localStorageRoots());
        runtime = new FetcherRuntime(settings, kafka, topics, secrets, registry, Clock.systemUTC());
        runtime.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        FetcherRuntime running = runtime;
        if (running != null) {
            running.close();
        }
    }

    /** What keeps the fetcher from being ready; empty when ready. */
    public List<String> problems() {
        FetcherRuntime running = runtime;
        if (running == null) {
            return List.of("starting");
        }
        return running.problems();
    }

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
                defaults.bufferSize(), defaults.progressEvery());
        return new FetcherSettings(config.modelsRoot(), identity, config.modelServer().url(), config.modelServer().loadTimeout(),
                config.secrets().preloaded().orElse(List.of()), downloads, config.parallelModels(),
                config.localStorageRoots().orElse(List.of()), config.modelServer().checkInterval(),
                new RetryBackoff(config.loadRetry().initialDelay(), config.loadRetry().maxDelay()));
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
