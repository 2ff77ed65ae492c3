package io.seldonmesh.common.kafka;

import java.nio.charset.StandardCharsets;

/**
 * Consumer group ids named the way Seldon Core 2 names them,
 * {@code [<groupIdPrefix>-][<namespace>-]seldon-<component>-<id>}, so operators' ACLs on group
 * prefixes keep working and two installations sharing a cluster never share a group.
 * <p>
 * The {@code <groupIdPrefix>-} part ({@code SELDON_CONSUMER_GROUP_ID_PREFIX}) is not added here:
 * {@code KafkaClientFactory} puts it in front of every group id and Streams application id, so no
 * client can forget it.
 */
public final class ConsumerGroups {

    public static final String MODEL_GATEWAY = "seldon-modelgateway";
    public static final String PIPELINE_GATEWAY = "seldon-pipelinegateway";
    public static final String DATAFLOW = "seldon-dataflow";

    private final String head;

    private ConsumerGroups(String namespace) {
        this.head = namespace == null || namespace.isBlank() ? "" : namespace.trim() + "-";
    }

    /** The namespace may be empty, as in Seldon. */
    public static ConsumerGroups of(String namespace) {
        return new ConsumerGroups(namespace);
    }

    /** Groups of the namespace the topics are in. */
    public static ConsumerGroups from(TopicNames topics) {
        return of(topics.namespace());
    }

    /** The model-gateway group that serves {@code model} in a pool of {@code poolSize} consumers. */
    public String modelGateway(String model, int poolSize) {
        return head + MODEL_GATEWAY + "-" + bucketFor(model, poolSize);
    }

    /** What every model-gateway group id starts with: the prefix an ACL on those groups names. */
    public String modelGatewayPrefix() {
        return head + MODEL_GATEWAY + "-";
    }

    /** A pipeline-gateway group; {@code id} tells apart gateway consumers that must each see every reply. */
    public String pipelineGateway(String id) {
        return head + PIPELINE_GATEWAY + "-" + requireId(id);
    }

    /** The dataflow group (Kafka Streams application id) of one pipeline. */
    public String dataflow(String pipeline) {
        return head + DATAFLOW + "-" + requireId(pipeline);
    }

    /**
     * Which of {@code poolSize} consumers serves a model: FNV-1a (32 bit) of the UTF-8 name modulo
     * the pool size, as Seldon's model gateway computes it, so a model keeps its consumer (and
     * committed offsets) across restarts and across a mix of Seldon and these services. Changing
     * the pool size moves models to other groups, which then start from their reset policy.
     */
    public static int bucketFor(String model, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("consumer pool size is " + poolSize + ": it must be at least 1");
        }
        if (model == null || model.isEmpty()) {
            throw new IllegalArgumentException("model name is empty: a model needs a name to be given a consumer");
        }
        int hash = 0x811c9dc5;
        for (byte b : model.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return (int) (Integer.toUnsignedLong(hash) % poolSize);
    }

    private static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("consumer group id part is empty: pass the gateway id or pipeline name");
        }
        return id;
    }
}
