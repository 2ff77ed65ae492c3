package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import io.seldonmesh.modelfetcher.core.ChecksumAlgorithm;
import io.seldonmesh.modelfetcher.core.Crc64Nvme;
import io.seldonmesh.modelfetcher.core.ModelSecret;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import io.seldonmesh.modelfetcher.core.StorageResolver;
import io.seldonmesh.testkit.S3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads model objects to the testkit S3 server the way users do (AWS SDK, SSE-KMS, with or
 * without additional checksums, single-part or multipart) and damages them on its disk.
 */
public final class S3Fixtures implements AutoCloseable {

    static final int MIB = 1024 * 1024;

    private final S3Server server;
    private final String bucket;
    private final S3Client s3;

    public S3Fixtures(S3Server server, String bucket) {
        this.server = server;
        this.bucket = bucket;
        this.s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(server.region()))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
                .build();
    }

    /** The location a Model with this rclone secret and {@code <remote>://bucket/prefix} resolves to. */
    StorageLocation.S3 location(String prefix) {
        return location(prefix, server.endpoint());
    }

    StorageLocation.S3 location(String prefix, URI endpoint) {
        return (StorageLocation.S3) StorageResolver.resolve("iris", "s3-kms://" + bucket + "/" + prefix,
                Optional.of(new ModelSecret("s3-kms-models", Map.of("s3-kms", rcloneSecret(endpoint)))));
    }

    /** The seed's SSE-KMS remote (background 000) pointed at this server, as a user writes it in a Secret. */
    public String rcloneSecret(URI endpoint) {
        return """
                type: s3
                name: s3-kms
                parameters:
                  provider: AWS
                  env_auth: false
                  access_key_id: %s
                  secret_access_key: %s
                  region: %s
                  endpoint: %s
                  server_side_encryption: aws:kms
                  sse_kms_key_id: %s
                  disable_checksum: true
                """.formatted(server.accessKeyId(), server.secretAccessKey(), server.region(), endpoint, server.kmsKeyId());
    }

    /** The SHA-256 of {@code data} in hex, as {@code sha256sum} writes it in a hash manifest. */
    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    void putPlain(String key, byte[] data) {
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromBytes(data));
    }

    /** SSE-KMS, single part; {@code checksum} null for none. */
    public void putKms(String key, byte[] data, ChecksumAlgorithm checksum, Map<String, String> metadata) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key).metadata(metadata)
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(server.kmsKeyId());
        if (checksum != null) {
            request.checksumAlgorithm(sdk(checksum));
        }
        s3.putObject(request.build(), RequestBody.fromBytes(data));
    }

    /** The SDK computes CRC64NVME only with its native library: the value is computed here and sent. */
    void putKmsWithCrc64Nvme(String key, byte[] data) {
        Crc64Nvme crc = new Crc64Nvme();
        crc.update(ByteBuffer.wrap(data));
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key)
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(server.kmsKeyId())
                .checksumCRC64NVME(Base64.getEncoder().encodeToString(crc.finish())).build(), RequestBody.fromBytes(data));
    }

    /**
     * SSE-KMS multipart upload of {@code data} cut into {@code partSize} parts; {@code checksum} null
     * for none, {@code type} COMPOSITE or FULL_OBJECT.
     */
    void putKmsMultipart(String key, byte[] data, int partSize, ChecksumAlgorithm checksum, ChecksumType type,
                         Map<String, String> metadata) {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .metadata(metadata).serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(server.kmsKeyId());
        if (checksum != null) {
            create.checksumAlgorithm(sdk(checksum)).checksumType(type);
        }
        String uploadId = s3.createMultipartUpload(create.build()).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int offset = 0, number = 1; offset < data.length; offset += partSize, number++) {
            int length = Math.min(partSize, data.length - offset);
            UploadPartRequest.Builder part = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(number);
            if (checksum != null) {
                part.checksumAlgorithm(sdk(checksum));
            }
            UploadPartResponse uploaded = s3.uploadPart(part.build(), RequestBody.fromBytes(slice(data, offset, length)));
            parts.add(CompletedPart.builder().partNumber(number).eTag(uploaded.eTag())
                    .checksumCRC32(uploaded.checksumCRC32()).checksumCRC32C(uploaded.checksumCRC32C())
                    .checksumSHA1(uploaded.checksumSHA1()).checksumSHA256(uploaded.checksumSHA256()).build());
        }
        s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(parts)));
    }

    void delete(String key) {
        s3.deleteObject(request -> request.bucket(bucket).key(key));
    }

    /** Changes one byte of the stored object behind S3's back: its checksum and ETag stay as they were. */
    void corruptOnDisk(String key, long offset) {
        Path data = storedData(key);
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            file.seek(offset);
            int original = file.read();
            file.seek(offset);
            file.write(original ^ 0xff);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cuts the stored object's bytes short behind S3's back: its metadata still gives the original size. */
    void truncateOnDisk(String key, long length) {
        try (RandomAccessFile file = new RandomAccessFile(storedData(key).toFile(), "rw")) {
            file.setLength(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path storedData(String key) {
        try (Stream<Path> files = Files.walk(server.rootDirectory())) {
            for (Path metadata : files.filter(path -> path.getFileName().toString().equals("objectMetadata.json")).toList()) {
                if (Files.readString(metadata).contains("\"key\":\"" + key + "\"")) {
                    return metadata.resolveSibling("binaryData");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no stored object " + key + " under " + server.rootDirectory());
    }

    private static software.amazon.awssdk.services.s3.model.ChecksumAlgorithm sdk(ChecksumAlgorithm algorithm) {
        return software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.fromValue(algorithm.s3Name());
    }

    private static byte[] slice(byte[] data, int offset, int length) {
        byte[] part = new byte[length];
        System.arraycopy(data, offset, part, 0, length);
        return part;
    }

    @Override
    public void close() {
        s3.close();
    }
}
