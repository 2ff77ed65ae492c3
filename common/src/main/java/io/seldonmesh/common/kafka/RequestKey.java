package io.seldonmesh.common.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The record key Seldon's pipeline gateway writes, {@code <partition>.<resource>.<requestId>}: the
 * partition the reply is expected on (the gateway consumes only its assigned partitions), the
 * model or pipeline the request entered through (one request may fan out to several pipelines),
 * and the request id.
 *
 * <p>The resource may itself contain dots (Kubernetes allows them in model names), so the request
 * id is everything after the last dot and may not contain one.
 */
public record RequestKey(int partition, String resource, String requestId) {

    private static final String FORM = "<partition>.<resource>.<requestId>";

    public RequestKey {
        if (partition < 0) {
            throw new IllegalArgumentException("request key partition is " + partition
                    + ": Kafka partitions are numbered from 0");
        }
        if (resource == null || resource.isEmpty()) {
            throw new IllegalArgumentException("request key needs the model or pipeline name: " + FORM);
        }
        if (requestId == null || requestId.isEmpty()) {
            throw new IllegalArgumentException("request key for '" + resource + "' needs a request id: " + FORM);
        }
        if (requestId.indexOf('.') >= 0) {
            throw new IllegalArgumentException("request id '" + requestId + "' contains '.', which separates the"
                    + " parts of a request key " + FORM + "; use an id without dots (e.g. a UUID)");
        }
    }

    /**
     * @throws IllegalArgumentException saying which part of {@code <partition>.<resource>.<requestId>}
     *     is missing or wrong
     */
    public static RequestKey parse(String key) {
        if (key == null) {
            throw new IllegalArgumentException("record has no key; expected a request key " + FORM);
        }
        int first = key.indexOf('.');
        int last = key.lastIndexOf('.');
        if (first < 0 || first == last) {
            throw new IllegalArgumentException("record key '" + key + "' is not a request key " + FORM
                    + ": it has " + (first < 0 ? "no" : "only one") + " '.'");
        }
        String partitionText = key.substring(0, first);
        int partition;
        try {
            partition = Integer.parseInt(partitionText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("record key '" + key + "' is not a request key " + FORM
                    + ": '" + partitionText + "' is not a partition number");
        }
        return new RequestKey(partition, key.substring(first + 1, last), key.substring(last + 1));
    }

    public static RequestKey parse(byte[] key) {
        return parse(key == null ? null : new String(key, StandardCharsets.UTF_8));
    }

    /** For keys written by clients that do not follow the convention (any key is legal on Kafka). */
    public static Optional<RequestKey> tryParse(byte[] key) {
        try {
            return Optional.of(parse(key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return partition + "." + resource + "." + requestId;
    }
}
