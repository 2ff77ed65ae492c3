package io.seldonmesh.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The variables a Seldon Core 2 deployment sets on its components that this data plane reads differently or not at all,
 * so that a team moving from Seldon hears once, at start-up, what each of theirs does here instead of finding out later.
 * Variables with the same name and meaning (Seldon's {@code KAFKA_*} security settings, {@code SELDON_TOPIC_PREFIX},
 * {@code MODELGATEWAY_MAX_NUM_CONSUMERS} ...) are simply honoured and not mentioned. Pure: the environment is passed in.
 */
public final class SeldonVariables {

    /** One line for the start-up log. */
    public record Notice(Level level, String line) {
    }

    public enum Level {
        /** Read, under another name or form: says how. */
        MAPPED,
        /** Set and without effect: says why and what to set instead. */
        IGNORED
    }

    public static final String LOG_LEVEL = "LOG_LEVEL";
    public static final String MODELGATEWAY_NUM_WORKERS = "MODELGATEWAY_NUM_WORKERS";
    public static final String MODELGATEWAY_WORKER_TIMEOUT_MS = "MODELGATEWAY_WORKER_TIMEOUT_MS";

    private static final String NO_SCHEDULER = "there is no Seldon scheduler here: Model and Pipeline specs and their"
            + " statuses travel on the compacted Kafka control and status topics, secured by the KAFKA_* settings";
    private static final Map<String, String> SERVER_TLS = Map.of(
            "pipeline-gateway", "SELDON_GATEWAY_SECURITY_PROTOCOL and SELDON_GATEWAY_SERVER_TLS_*/SELDON_GATEWAY_CLIENT_TLS_*");

    private SeldonVariables() {
    }

    /**
     * What to say about the Seldon variables in {@code environment} for {@code service} (its
     * {@code quarkus.application.name}), in a stable order.
     */
    public static List<Notice> examine(String service, Map<String, String> environment) {
        List<Notice> notices = new ArrayList<>();
        present(environment, "CONTROL_PLANE_").ifPresent(names -> notices.add(ignored(names, NO_SCHEDULER
                + "; Seldon's control-plane TLS has nothing to secure")));
        present(environment, "SELDON_SCHEDULER_").ifPresent(names -> notices.add(ignored(names, NO_SCHEDULER)));
        present(environment, "ENVOY_").ifPresent(names -> notices.add(ignored(names, "there is no Envoy in this data"
                + " plane: clients call pipeline-gateway directly"
                + Optional.ofNullable(SERVER_TLS.get(service)).map(tls -> ", whose own TLS is set by " + tls).orElse(""))));
        for (String name : List.of("KAFKA_CLIENT_TLS_SECRET_NAME", "KAFKA_BROKER_TLS_SECRET_NAME",
                "KAFKA_CLIENT_SASL_SECRET_NAME")) {
            if (set(environment, name)) {
                notices.add(ignored(name, "Seldon reads that Secret through the Kubernetes API; here mount it as a volume"
                        + " and name its files with KAFKA_CLIENT_TLS_KEY_LOCATION/_CRT_LOCATION/_CA_LOCATION,"
                        + " KAFKA_BROKER_TLS_CA_LOCATION or KAFKA_CLIENT_SASL_PASSWORD_LOCATION (secret-sync copies the"
                        + " Secrets into every namespace that needs them)"));
            }
        }
        for (String name : List.of("KAFKA_DEFAULT_NUM_PARTITIONS", "KAFKA_DEFAULT_REPLICATION_FACTOR")) {
            if (set(environment, name)) {
                notices.add(ignored(name, "set " + name.replace("KAFKA_DEFAULT_", "KAFKA_TOPICS_") + " instead"));
            }
        }
        podNamespace(environment).ifPresent(notices::add);
        if (set(environment, LOG_LEVEL)) {
            notices.add(quarkusLogLevel(environment)
                    .map(level -> new Notice(Level.MAPPED, LOG_LEVEL + "=" + environment.get(LOG_LEVEL)
                            + " is read as quarkus.log.level=" + level))
                    .orElseGet(() -> set(environment, "QUARKUS_LOG_LEVEL")
                            ? ignored(LOG_LEVEL, "QUARKUS_LOG_LEVEL is set and wins")
                            : ignored(LOG_LEVEL, "'" + environment.get(LOG_LEVEL) + "' is not a level: use trace,"
                                    + " debug, info, warn, error or fatal")));
        }
        if ("model-gateway".equals(service)) {
            mapped(environment, MODELGATEWAY_NUM_WORKERS, "MODELGATEWAY_MAX_IN_FLIGHT",
                    "Seldon's inference workers per consumer are the requests in flight per consumer here")
                    .ifPresent(notices::add);
            mapped(environment, MODELGATEWAY_WORKER_TIMEOUT_MS, "MODELGATEWAY_INFER_TIMEOUT",
                    "in milliseconds, the longest wait for one model server call").ifPresent(notices::add);
        }
        return notices;
    }

    /**
     * Quarkus' log level for Seldon's {@code LOG_LEVEL} (logrus' names: trace, debug, info, warn, error, fatal,
     * panic), unless Quarkus' own setting is present.
     */
    public static Optional<String> quarkusLogLevel(Map<String, String> environment) {
        if (!set(environment, LOG_LEVEL) || set(environment, "QUARKUS_LOG_LEVEL")) {
            return Optional.empty();
        }
        return switch (environment.get(LOG_LEVEL).trim().toLowerCase(Locale.ROOT)) {
            case "trace" -> Optional.of("TRACE");
            case "debug" -> Optional.of("DEBUG");
            case "info" -> Optional.of("INFO");
            case "warn", "warning" -> Optional.of("WARN");
            case "error" -> Optional.of("ERROR");
            case "fatal", "panic" -> Optional.of("FATAL");
            default -> Optional.empty();
        };
    }

    /** Seldon names topics after the pod's namespace; here {@code SELDON_NAMESPACE} does, and may differ. */
    private static Optional<Notice> podNamespace(Map<String, String> environment) {
        if (!set(environment, "POD_NAMESPACE")) {
            return Optional.empty();
        }
        String pod = environment.get("POD_NAMESPACE");
        String topics = set(environment, "SELDON_NAMESPACE") ? environment.get("SELDON_NAMESPACE") : "default";
        if (pod.equals(topics)) {
            return Optional.empty();
        }
        return Optional.of(ignored("POD_NAMESPACE", "topic names use SELDON_NAMESPACE (" + topics + "), not the pod's"
                + " namespace (" + pod + ") as Seldon's do; set SELDON_NAMESPACE=" + pod + " to read and write Seldon's"
                + " topics of that namespace"));
    }

    private static Optional<Notice> mapped(Map<String, String> environment, String seldon, String ours, String meaning) {
        if (!set(environment, seldon)) {
            return Optional.empty();
        }
        if (set(environment, ours)) {
            return Optional.of(ignored(seldon, ours + "=" + environment.get(ours) + " is set and wins"));
        }
        return Optional.of(new Notice(Level.MAPPED, seldon + "=" + environment.get(seldon) + " is read as " + ours
                + " (" + meaning + ")"));
    }

    private static Optional<String> present(Map<String, String> environment, String prefix) {
        TreeSet<String> names = new TreeSet<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(prefix) && value != null && !value.isBlank()) {
                names.add(name);
            }
        });
        return names.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", names));
    }

    private static boolean set(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value != null && !value.isBlank();
    }

    private static Notice ignored(String names, String why) {
        return new Notice(Level.IGNORED, "Seldon's " + names + (names.contains(",") ? " are" : " is") + " set but not used: "
                + why);
    }
}
