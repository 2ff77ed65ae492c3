package io.seldonmesh.modelfetcher.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How to reach one S3 remote: endpoint, region, addressing style, credentials, SSE-C key. Built from
 * an rclone remote with rclone's defaults (region us-east-1, path-style addressing), or for a bare
 * {@code s3://} URI from the AWS defaults.
 *
 * @param remote             the remote name, for messages
 * @param secretName         the Secret the remote came from; empty for a bare {@code s3://}
 * @param region             empty: let the AWS region chain decide (only for bare {@code s3://})
 * @param configuredKmsKeyId rclone's {@code sse_kms_key_id}; used to name the key in access errors
 *                           when the object's headers do not
 * @param disableChecksum    rclone's {@code disable_checksum}: kept for the record, it only concerns
 *                           uploads and does not turn off download verification
 */
public record S3Access(String remote, Optional<String> secretName, Optional<URI> endpoint, Optional<String> region, boolean pathStyle,
                       S3Credentials credentials, Optional<SseCustomerKey> customerKey,
                       Optional<String> configuredKmsKeyId, boolean disableChecksum) {

    private static final Set<String> TRUE = Set.of("1", "t", "true");
    private static final Set<String> FALSE = Set.of("0", "f", "false");
    private static final String RCLONE_DEFAULT_REGION = "us-east-1";

    /** A bare {@code s3://} URI without a secret: everything from the AWS default chains. */
    public static S3Access defaultChain() {
        return new S3Access("s3", Optional.empty(), Optional.empty(), Optional.empty(), false, new S3Credentials.DefaultChain(),
                Optional.empty(), Optional.empty(), false);
    }

    public static S3Access fromRclone(String model, RcloneRemoteConfig config) {
        String where = "Model " + model + ": secret '" + config.secretName() + "'";
        if (!"s3".equalsIgnoreCase(config.type())) {
            throw new FetchFailure(where + " has type '" + config.type()
                    + "'; this fetcher reads type: s3 remotes (AWS S3 and S3-compatible stores)");
        }
        boolean envAuth = flag(where, config, "env_auth", false);
        return new S3Access(config.name(), Optional.of(config.secretName()),
                config.parameter("endpoint").map(value -> endpoint(where, value)),
                Optional.of(config.parameter("region").orElse(RCLONE_DEFAULT_REGION)),
                flag(where, config, "force_path_style", true),
                credentials(where, config, envAuth),
                customerKey(where, config),
                config.parameter("sse_kms_key_id"),
                flag(where, config, "disable_checksum", false));
    }

    /** Names where requests go, for messages about the wrong region or endpoint. */
    public String describeTarget() {
        return "endpoint " + endpoint.map(URI::toString).orElse("(AWS default for the region)")
                + ", region " + region.orElse("(from the AWS region chain)");
    }

    /**
     * Where a person changes a setting: the rclone parameter in the secret, or for a bare
     * {@code s3://} the environment variable the AWS SDK reads.
     */
    public String whereToSet(String parameter, String environmentVariable) {
        return secretName.map(secret -> "parameters." + parameter + " in secret '" + secret + "'")
                .orElse("the " + environmentVariable + " environment variable of the fetcher");
    }

    private static S3Credentials credentials(String where, RcloneRemoteConfig config, boolean envAuth) {
        Optional<String> keyId = config.parameter("access_key_id");
        Optional<String> secret = config.parameter("secret_access_key");
        if (keyId.isPresent() && secret.isPresent()) {
            // rclone: env_auth only applies when both keys are blank.
            return new S3Credentials.AccessKeys(keyId.get(), secret.get(), config.parameter("session_token"));
        }
        if (keyId.isPresent()) {
            throw new FetchFailure(where + " has parameters.access_key_id but no parameters.secret_access_key");
        }
        if (secret.isPresent()) {
            throw new FetchFailure(where + " has parameters.secret_access_key but no parameters.access_key_id");
        }
        if (envAuth) {
            return new S3Credentials.DefaultChain();
        }
        throw new FetchFailure(where + " has no parameters.access_key_id (needed when env_auth is false; "
                + "set env_auth: true to use the pod's AWS role instead)");
    }

    private static Optional<SseCustomerKey> customerKey(String where, RcloneRemoteConfig config) {
        Optional<String> raw = config.parameter("sse_customer_key");
        Optional<String> base64 = config.parameter("sse_customer_key_base64");
        if (raw.isEmpty() && base64.isEmpty()) {
            return Optional.empty();
        }
        if (raw.isPresent() && base64.isPresent()) {
            throw new FetchFailure(where + " has both parameters.sse_customer_key and parameters.sse_customer_key_base64; keep one");
        }
        byte[] key;
        if (raw.isPresent()) {
            key = raw.get().getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                key = Base64.getDecoder().decode(base64.get());
            } catch (IllegalArgumentException e) {
                throw new FetchFailure(where + " has parameters.sse_customer_key_base64 that is not base64");
            }
        }
        if (key.length != 32) {
            throw new FetchFailure(where + " has an SSE-C key of " + key.length
                    + " bytes; AES256 needs 32 (parameters.sse_customer_key or sse_customer_key_base64)");
        }
        String md5 = Base64.getEncoder().encodeToString(ChecksumAlgorithm.MD5.of(key));
        Optional<String> declaredMd5 = config.parameter("sse_customer_key_md5");
        if (declaredMd5.isPresent() && !declaredMd5.get().equals(md5)) {
            throw new FetchFailure(where + " has parameters.sse_customer_key_md5 '" + declaredMd5.get()
                    + "' which is not the MD5 of the key; remove it or correct it");
        }
        String algorithm = config.parameter("sse_customer_algorithm").orElse("AES256");
        return Optional.of(new SseCustomerKey(algorithm, Base64.getEncoder().encodeToString(key), md5));
    }

    private static URI endpoint(String where, String value) {
        String withScheme = value.contains("://") ? value : "https://" + value;
        try {
            URI uri = new URI(withScheme);
            if (uri.getHost() == null) {
                throw new URISyntaxException(value, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new FetchFailure(where + " has parameters.endpoint '" + value
                    + "' which is not a URL (expected e.g. https://s3.eu-west-1.amazonaws.com)");
        }
    }

    private static boolean flag(String where, RcloneRemoteConfig config, String key, boolean defaultValue) {
        Optional<String> value = config.parameter(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String lower = value.get().toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower)) {
            return true;
        }
        if (FALSE.contains(lower)) {
            return false;
        }
        throw new FetchFailure(where + " has parameters." + key + " '" + value.get() + "'; expected true or false");
    }
}
