package io.seldonmesh.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Copies a model directory to {@code s3://<bucket>/<name>/} with a storage secret's endpoint and credentials, with
 * SSE-KMS under the secret's key when it names one, and a SHA-256 additional checksum (model-fetcher verifies it, as
 * for the demo's iris: an SSE-KMS object's ETag is no MD5).
 */
record ModelUpload(StorageSecret secret, String bucket, String name) {

    /** The files written, relative to {@code directory}. */
    List<String> upload(Path directory) {
        List<Path> files = files(directory);
        if (files.isEmpty()) {
            throw CliFailure.badInput(directory + " holds no files to upload");
        }
        try (S3Client s3 = client()) {
            for (Path file : files) {
                String key = name + "/" + directory.relativize(file).toString().replace('\\', '/');
                PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key)
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256);
                secret.kmsKeyId().ifPresent(kms -> put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kms));
                s3.putObject(put.build(), RequestBody.fromFile(file));
            }
        } catch (SdkClientException e) {
            throw CliFailure.unreachable("cannot reach the S3 endpoint " + secret.endpoint() + " of secret '"
                    + secret.name() + "' (" + e.getMessage() + "): is the local stack running (./run-local)?", e);
        } catch (SdkException e) {
            throw CliFailure.refused("S3 at " + secret.endpoint() + " refused the upload to s3://" + bucket + "/" + name
                    + ": " + e.getMessage() + "; check that bucket '" + bucket + "' exists (--bucket)");
        }
        return files.stream().map(f -> directory.relativize(f).toString()).toList();
    }

    /** What a Model's {@code storageUri} says for this upload: {@code <secret>://<bucket>/<name>}. */
    String storageUri() {
        return secret.name() + "://" + bucket + "/" + name;
    }

    private S3Client client() {
        return S3Client.builder().endpointOverride(secret.endpoint()).region(Region.of(secret.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(secret.accessKeyId(), secret.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static List<Path> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw CliFailure.badInput(directory + " is not a directory: give the model's directory (its files become"
                    + " the model's artifacts)");
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw CliFailure.badInput("cannot read " + directory + ": " + e.getMessage());
        }
    }
}
