package io.seldonmesh.localstack;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import io.seldonmesh.testkit.S3Server;
import io.seldonmesh.testkit.S3Storage;

/**
 * Where the demo models are stored: the embedded S3 server, or an existing S3-compatible endpoint
 * and bucket ({@code LOCAL_S3_ENDPOINT}). Either way objects are written with SSE-KMS under
 * {@link #kmsKeyId()}, since that is what the fetcher must cope with.
 */
record ObjectStore(URI endpoint, String region, String accessKeyId, String secretAccessKey, String kmsKeyId,
                   String bucket) implements S3Storage {

    static ObjectStore of(S3Server server, String bucket) {
        return new ObjectStore(server.endpoint(), server.region(), server.accessKeyId(), server.secretAccessKey(),
                server.kmsKeyId(), bucket);
    }

    /**
     * The existing endpoint named by {@code LOCAL_S3_ENDPOINT}, if any, with {@code LOCAL_S3_REGION},
     * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code LOCAL_S3_KMS_KEY_ID}; the bucket must exist.
     */
    static Optional<ObjectStore> existing(LocalStackConfig config) {
        return config.s3Endpoint().map(endpoint -> new ObjectStore(endpointUri(endpoint), config.s3Region(),
                required("AWS_ACCESS_KEY_ID", config.s3AccessKeyId()),
                required("AWS_SECRET_ACCESS_KEY", config.s3SecretAccessKey()),
                required("LOCAL_S3_KMS_KEY_ID", config.s3KmsKeyId()), config.s3Bucket()));
    }

    private static URI endpointUri(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new StackException("LOCAL_S3_ENDPOINT=" + endpoint + " is not a URL (" + e.getReason()
                    + "); expected e.g. https://s3.eu-west-1.amazonaws.com");
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
            throw new StackException("LOCAL_S3_ENDPOINT=" + endpoint + " is not an http(s) URL; expected e.g. "
                    + "https://s3.eu-west-1.amazonaws.com");
        }
        return uri;
    }

    private static String required(String variable, Optional<String> value) {
        return value.orElseThrow(() -> new StackException(variable + " is required when LOCAL_S3_ENDPOINT is set (the "
                + "demo model is uploaded there with SSE-KMS)"));
    }

    /**
     * Writes one object with SSE-KMS under {@link #kmsKeyId()}, with a signed request (real S3 checks it) and a SHA-256
     * additional checksum, which model-fetcher verifies (an SSE-KMS object's ETag is no MD5).
     */
    @Override
    public void putObject(String bucket, String key, byte[] content) {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId,
                        secretAccessKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key)
                    .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId)
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256).build(),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new StackException("cannot upload s3://" + bucket + "/" + key + " to " + endpoint + ": "
                    + e.getMessage() + "; check that the bucket exists and the credentials may write to it"
                    + " with KMS key " + kmsKeyId, e);
        }
    }

    @Override
    public String toString() {
        return endpoint + " bucket " + bucket + ", KMS key " + kmsKeyId;
    }
}
