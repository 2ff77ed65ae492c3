package io.seldonmesh.modelfetcher;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.config.ServiceEnvironment;
import io.seldonmesh.common.doctor.Access;
import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.modelfetcher.io.ModelSecrets;
import io.seldonmesh.modelfetcher.io.ModelServerCheck;
import io.seldonmesh.modelfetcher.io.SecretSource;
import io.seldonmesh.modelfetcher.io.StorageCheck;
import io.seldonmesh.runtime.DoctorCheck;
import io.seldonmesh.runtime.ServiceProfile;
import io.seldonmesh.runtime.StandaloneConfig;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclOperation;
import org.eclipse.microprofile.config.Config;

/**
 * model-fetcher to the shared runtime: what its doctor checks of the brokers' ACLs, and its own checks: the model
 * server ({@code GET /v2}), then object storage ({@code DOCTOR_STORAGE_URI}: its bucket, its first object, the
 * object's KMS key).
 */
public final class ModelFetcherProfile implements ServiceProfile {

    private static final String SETTINGS = "settings";

    private final Function<Config, List<DoctorCheck>> checks;

    /**
     * The command line's ({@code quarkus-run.jar doctor}): the fetcher's settings from the configuration the doctor
     * is given (the variables over application.properties), the Secrets from where the service would look.
     */
    public ModelFetcherProfile() {
        this.checks = given -> {
            FetcherConfig config;
            try {
                config = StandaloneConfig.mapping(FetcherConfig.class, given);
            } catch (RuntimeException invalid) {
                Finding settings = Finding.fail(SETTINGS, "the fetcher's own settings: " + oneLine(invalid));
                return List.of(() -> List.of(settings));
            }
            // The doctor's process ends after its report, and the client with it.
            return checks(config, () -> FetcherWiring.secretSources(config.secrets(),
                    () -> new KubernetesClientBuilder().build(), () -> namespace(given)));
        };
    }

    /** The running service's ({@code GET /q/doctor}): its own settings and Secret sources. */
    ModelFetcherProfile(FetcherConfig config, Supplier<List<SecretSource>> secrets) {
        this.checks = given -> checks(config, secrets);
    }

    @Override
    public String name() {
        return "model-fetcher";
    }

    /** No consumer group: every fetcher reads the whole control topic itself. */
    @Override
    public List<Access> kafkaAccess(SeldonKafkaSettings settings) {
        TopicNames topics = TopicNames.from(settings);
        return ServiceProfile.needs(
                Access.topic(topics.controlModels(), "reads every Model spec", AclOperation.READ),
                Access.topic(topics.statusModels(), "publishes the status of the models it loads", AclOperation.WRITE));
    }

    @Override
    public List<DoctorCheck> doctorChecks(Config config) {
        return checks.apply(config);
    }

    private static List<DoctorCheck> checks(FetcherConfig config, Supplier<List<SecretSource>> secrets) {
        return List.of(new ModelServerCheck(config.modelServer().url()),
                new StorageCheck(config.doctor().storageUri(), config.doctor().storageSecret(),
                        () -> new ModelSecrets(secrets.get(), config.secrets().preloaded().orElse(List.of()))));
    }

    /** SmallRye lists every invalid property on a line of its own, each behind the exception's class name. */
    private static String oneLine(RuntimeException invalid) {
        return String.valueOf(invalid.getMessage()).lines().map(String::strip)
                .map(line -> line.replaceFirst("^[\\w.]+Exception: ", "")).filter(line -> !line.isEmpty())
                .collect(Collectors.joining(" "));
    }

    private static String namespace(Config config) {
        return TopicNames.from(SeldonKafkaSettings.fromEnvironment(ServiceEnvironment.from(config))).namespace();
    }
}
