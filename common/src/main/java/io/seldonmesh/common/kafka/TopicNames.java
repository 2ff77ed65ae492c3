package io.seldonmesh.common.kafka;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.kafka.TopicAddress.Direction;
import io.seldonmesh.common.kafka.TopicAddress.Kind;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Seldon Core 2 topic names, {@code <prefix>.<namespace>.<kind>.<name>.<direction>}: the same
 * strings Seldon's own components use, so clients written for Seldon find their topics.
 */
public final class TopicNames {

    public static final String PREFIX_VARIABLE = SeldonKafkaSettings.SELDON_TOPIC_PREFIX;
    public static final String NAMESPACE_VARIABLE = SeldonKafkaSettings.SELDON_NAMESPACE;
    public static final String DEFAULT_PREFIX = SeldonKafkaSettings.DEFAULT_TOPIC_PREFIX;
    /** Kafka rejects longer topic names (249 = 255 minus room for the partition suffix of log dirs). */
    public static final int MAX_TOPIC_LENGTH = 249;

    private static final Pattern TOPIC_CHARACTERS = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern KUBERNETES_NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_NAMESPACE_LENGTH = 63;

    private final String prefix;
    private final String namespace;
    private final String base;

    private TopicNames(String prefix, String namespace) {
        this.prefix = prefix;
        this.namespace = namespace;
        this.base = prefix + "." + namespace + ".";
    }

    /**
     * @throws IllegalArgumentException naming {@value #PREFIX_VARIABLE} or
     *     {@value #NAMESPACE_VARIABLE}, the value and what is expected
     */
    public static TopicNames of(String prefix, String namespace) {
        if (prefix == null || !TOPIC_CHARACTERS.matcher(prefix).matches()) {
            throw new IllegalArgumentException(PREFIX_VARIABLE + "='" + prefix + "' is not a valid topic prefix:"
                    + " use one or more of the characters Kafka allows in topic names (A-Z a-z 0-9 . _ -),"
                    + " e.g. " + DEFAULT_PREFIX);
        }
        if (namespace == null || namespace.length() > MAX_NAMESPACE_LENGTH
                || !KUBERNETES_NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException(NAMESPACE_VARIABLE + "='" + namespace + "' is not a valid Kubernetes"
                    + " namespace: use at most 63 lowercase letters, digits and '-', starting and ending with a"
                    + " letter or digit, e.g. seldon-mesh");
        }
        return new TopicNames(prefix, namespace);
    }

    /** The topics of the prefix and namespace the service is configured with. */
    public static TopicNames from(SeldonKafkaSettings settings) {
        return of(settings.topicPrefix(), settings.namespace());
    }

    public String prefix() {
        return prefix;
    }

    public String namespace() {
        return namespace;
    }

    public String modelInputs(String model) {
        return resource(Kind.MODEL, model, Direction.INPUTS);
    }

    public String modelOutputs(String model) {
        return resource(Kind.MODEL, model, Direction.OUTPUTS);
    }

    public String pipelineInputs(String pipeline) {
        return resource(Kind.PIPELINE, pipeline, Direction.INPUTS);
    }

    public String pipelineOutputs(String pipeline) {
        return resource(Kind.PIPELINE, pipeline, Direction.OUTPUTS);
    }

    public String errors() {
        return base + "errors.errors";
    }

    public String controlModels() {
        return base + "control.models";
    }

    public String controlPipelines() {
        return base + "control.pipelines";
    }

    public String controlCredentials() {
        return base + "control.credentials";
    }

    public String statusModels() {
        return base + "status.models";
    }

    public String statusPipelines() {
        return base + "status.pipelines";
    }

    /** The topic for a parsed address; the inverse of {@link #parse}. */
    public String topic(TopicAddress address) {
        return switch (address.kind()) {
            case MODEL, PIPELINE -> resource(address.kind(), address.name(), address.direction());
            case ERRORS, CONTROL, STATUS -> base + segment(address.kind()) + "." + address.name();
        };
    }

    /**
     * What a topic of this prefix and namespace stands for; empty for any other topic (another
     * prefix or namespace, or a name Seldon does not use).
     */
    public Optional<TopicAddress> parse(String topic) {
        if (topic == null || !topic.startsWith(base)) {
            return Optional.empty();
        }
        String rest = topic.substring(base.length());
        return switch (rest) {
            case "errors.errors" -> Optional.of(new TopicAddress(Kind.ERRORS, "errors", Direction.NONE));
            case "control.models", "control.pipelines", "control.credentials" ->
                    Optional.of(new TopicAddress(Kind.CONTROL, rest.substring("control.".length()), Direction.NONE));
            case "status.models", "status.pipelines" ->
                    Optional.of(new TopicAddress(Kind.STATUS, rest.substring("status.".length()), Direction.NONE));
            default -> parseResource(rest);
        };
    }

    private static Optional<TopicAddress> parseResource(String rest) {
        for (Kind kind : new Kind[] {Kind.MODEL, Kind.PIPELINE}) {
            String head = segment(kind) + ".";
            if (!rest.startsWith(head)) {
                continue;
            }
            for (Direction direction : new Direction[] {Direction.INPUTS, Direction.OUTPUTS}) {
                String tail = "." + segment(direction);
                if (rest.endsWith(tail) && rest.length() > head.length() + tail.length()) {
                    String name = rest.substring(head.length(), rest.length() - tail.length());
                    return Optional.of(new TopicAddress(kind, name, direction));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The longest model or pipeline name whose topics still fit Kafka's limit with this prefix and
     * namespace.
     */
    public int maxNameLength(Kind kind) {
        if (kind != Kind.MODEL && kind != Kind.PIPELINE) {
            throw new IllegalArgumentException("only model and pipeline topics carry a name, not " + kind);
        }
        return MAX_TOPIC_LENGTH - (base + segment(kind) + ".." + segment(Direction.OUTPUTS)).length();
    }

    private String resource(Kind kind, String name, Direction direction) {
        String noun = kind == Kind.MODEL ? "model" : "pipeline";
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(noun + " name is empty: a " + noun + " needs a name to have Kafka topics");
        }
        String topic = base + segment(kind) + "." + name + "." + segment(direction);
        if (!TOPIC_CHARACTERS.matcher(name).matches()) {
            throw new IllegalArgumentException(noun + " name '" + name + "' cannot be part of a Kafka topic name ('"
                    + topic + "'): Kafka allows only A-Z a-z 0-9 . _ - in topic names; rename the " + noun);
        }
        int longest = maxNameLength(kind);
        if (name.length() > longest) {
            throw new IllegalArgumentException(noun + " name '" + abbreviate(name) + "' is " + name.length()
                    + " characters, so its topic '" + abbreviate(topic) + "' would exceed Kafka's limit of "
                    + MAX_TOPIC_LENGTH + " characters: with prefix '" + prefix + "' and namespace '" + namespace
                    + "' a " + noun + " name may have at most " + longest + " characters");
        }
        return topic;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 40) + "..." + text.substring(text.length() - 12);
    }

    private static String segment(Kind kind) {
        return switch (kind) {
            case MODEL -> "model";
            case PIPELINE -> "pipeline";
            case ERRORS -> "errors";
            case CONTROL -> "control";
            case STATUS -> "status";
        };
    }

    private static String segment(Direction direction) {
        return switch (direction) {
            case INPUTS -> "inputs";
            case OUTPUTS -> "outputs";
            case NONE -> throw new IllegalArgumentException("model and pipeline topics are either inputs or outputs");
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicNames that && prefix.equals(that.prefix) && namespace.equals(that.namespace);
    }

    @Override
    public int hashCode() {
        return base.hashCode();
    }

    @Override
    public String toString() {
        return "TopicNames[prefix=" + prefix + ", namespace=" + namespace + "]";
    }
}
