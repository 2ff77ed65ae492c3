package io.seldonmesh.common.status;

import java.nio.charset.StandardCharsets;

/**
 * The key of a model status record, {@code <model>/<replica>}: one record per replica, so the
 * compacted topic keeps the latest state of each. Kubernetes names cannot contain {@code /}, so
 * the model name ends at the last one.
 */
public record ModelStatusKey(String model, String replica) {

    public ModelStatusKey {
        if (model == null || model.isEmpty() || model.indexOf('/') >= 0) {
            throw new IllegalArgumentException("model status key needs a model name without '/', got '" + model + "'");
        }
        if (replica == null || replica.isEmpty() || replica.indexOf('/') >= 0) {
            throw new IllegalArgumentException("model status key for '" + model
                    + "' needs a replica id without '/', got '" + replica + "'");
        }
    }

    /** @throws IllegalArgumentException when the key is not {@code <model>/<replica>} */
    public static ModelStatusKey parse(String key) {
        int slash = key == null ? -1 : key.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("model status key '" + key + "' is not <model>/<replica>");
        }
        return new ModelStatusKey(key.substring(0, slash), key.substring(slash + 1));
    }

    public static ModelStatusKey parse(byte[] key) {
        return parse(key == null ? null : new String(key, StandardCharsets.UTF_8));
    }

    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return model + "/" + replica;
    }
}
