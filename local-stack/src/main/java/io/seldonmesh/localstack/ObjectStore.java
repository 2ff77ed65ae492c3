package io.seldonmesh.localstack;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

import io.seldonmesh.testkit.S3Server;

/**
 * Where the demo model is stored: the embedded S3 server, or an existing S3-compatible endpoint
 * and bucket ({@code LOCAL_S3_ENDPOINT}). Either way objects are written with SSE-KMS under
 * {@link #kmsKeyId()}, since that is what the fetcher must cope with.
 */
record ObjectStore(URI endpoint, String region, String accessKeyId, String secretAccessKey, String kmsKeyId,
                   String bucket) {

    static ObjectStore of(S3Server server, String bucket) {
        return new ObjectStore(server.endpoint(), server.region(), server.accessKeyId(), server.secretAccessKey(),
                server.kmsKeyId(), bucket);
    }

    /**
     * The existing endpoint named by {@code LOCAL_S3_ENDPOINT}, if any, with {@code LOCAL_S3_REGION}
     * (default us-east-1), {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and
     * {@code LOCAL_S3_KMS_KEY_ID}; the bucket must exist.
     */
    static Optional<ObjectStore> fromEnvironment(Map<String, String> env, String bucket) {
        String endpoint = env.get("LOCAL_S3_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(endpoint.trim());
        } catch (URISyntaxException e) {
            throw new StackException("LOCAL_S3_ENDPOINT=" + endpoint + " is not a URL (" + e.getReason()
                    + "); expected e.g. https://s3.eu-west-1.amazonaws.com");
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
            throw new StackException("LOCAL_S3_ENDPOINT=" + endpoint + " is not an http(s) URL; expected e.g. "
                    + "https://s3.eu-west-1.amazonaws.com");
        }
        return Optional.of(new ObjectStore(uri, env.getOrDefault("LOCAL_S3_REGION", "us-east-1"),
                required(env, "AWS_ACCESS_KEY_ID"), required(env, "AWS_SECRET_ACCESS_KEY"),
                required(env, "LOCAL_S3_KMS_KEY_ID"), bucket));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new StackException(name + " is required when LOCAL_S3_ENDPOINT is set (the demo model is uploaded "
                    + "there with SSE-KMS)");
        }
        return value.trim();
    }

    @Override
    public String toString() {
        return endpoint + " bucket " + bucket + ", KMS key " + kmsKeyId;
    }
}
