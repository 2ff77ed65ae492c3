package io.seldonmesh.modelfetcher.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.seldonmesh.testkit.S3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * For bench/model-fetcher: starts the testkit S3 server on 127.0.0.1 and uploads every file under the given
 * directory to {@code s3://bench/model/}, mixing what a real bucket holds, as issue 20 measured it:
 * <ul>
 *   <li>files of 32 MiB and more: SSE-KMS multipart (16 MiB parts), no additional checksum: verified by size
 *       only unless a hash manifest lists them;</li>
 *   <li>the other files in turn: SSE-KMS with a SHA-256 additional checksum; SSE-KMS with the bucket's default
 *       key (no key id) and no checksum; SSE-S3 with a CRC32C checksum; plain (no encryption, the SDK's default
 *       upload: CRC32).</li>
 * </ul>
 * With a third argument {@code manifest}, a {@code SHA256SUMS} over all files is uploaded too (plain), so every
 * file is verified by its digest. Prints {@code READY <endpoint> <files> <S3 server pid>} and one
 * {@code LAYOUT <how> <files>} line per kind, then serves until its standard input closes.
 */
public final class BenchS3Server {

    private static final int PART = 16 * 1024 * 1024;
    private static final long MULTIPART_FROM = 32L * 1024 * 1024;

    private BenchS3Server() {
    }

    public static void main(String[] args) throws IOException {
        Path source = Path.of(args[0]);
        boolean manifest = args.length > 1 && args[1].equals("manifest");
        try (S3Server server = S3Server.builder().bucket("bench").start();
             S3Client s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(server.region()))
                     .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                     .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
                     .build()) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(source)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            Map<String, Integer> layout = new TreeMap<>();
            StringBuilder sums = new StringBuilder();
            int small = 0;
            for (Path file : files) {
                String name = source.relativize(file).toString().replace('\\', '/');
                String key = "model/" + name;
                String how;
                if (Files.size(file) >= MULTIPART_FROM) {
                    putKmsMultipart(s3, server, key, file);
                    how = "sse-kms-multipart-no-checksum";
                } else {
                    how = switch (small++ % 4) {
                        case 0 -> put(s3, key, file, request -> request.serverSideEncryption(ServerSideEncryption.AWS_KMS)
                                .ssekmsKeyId(server.kmsKeyId()).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                                "sse-kms-sha256");
                        case 1 -> put(s3, key, file, request -> request.serverSideEncryption(ServerSideEncryption.AWS_KMS),
                                "sse-kms-default-key-no-checksum");
                        case 2 -> put(s3, key, file, request -> request.serverSideEncryption(ServerSideEncryption.AES256)
                                .checksumAlgorithm(ChecksumAlgorithm.CRC32_C), "sse-s3-crc32c");
                        default -> put(s3, key, file, request -> request.checksumAlgorithm(ChecksumAlgorithm.CRC32),
                                "plain-crc32");
                    };
                }
                layout.merge(how, 1, Integer::sum);
                if (manifest) {
                    sums.append(sha256(file)).append("  ").append(name).append('\n');
                }
            }
            int uploaded = files.size();
            if (manifest) {
                s3.putObject(request -> request.bucket("bench").key("model/SHA256SUMS"),
                        RequestBody.fromString(sums.toString(), StandardCharsets.UTF_8));
                layout.put("SHA256SUMS", 1);
                uploaded++;
            }
            System.out.println("READY " + server.endpoint() + " " + uploaded + " " + server.pid());
            layout.forEach((how, count) -> System.out.println("LAYOUT " + how + " " + count));
            System.out.flush();
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (stdin.readLine() != null) {
                // Serve until the bench closes our input.
            }
        }
    }

    private static String put(S3Client s3, String key, Path file,
                              Consumer<PutObjectRequest.Builder> options, String how) {
        s3.putObject(request -> options.accept(request.bucket("bench").key(key)), RequestBody.fromFile(file));
        return how;
    }

    private static void putKmsMultipart(S3Client s3, S3Server server, String key, Path file) throws IOException {
        String uploadId = s3.createMultipartUpload(request -> request.bucket("bench").key(key)
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(server.kmsKeyId())).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] part;
            for (int number = 1; (part = in.readNBytes(PART)).length > 0; number++) {
                int partNumber = number;
                byte[] bytes = part;
                String etag = s3.uploadPart(request -> request.bucket("bench").key(key).uploadId(uploadId)
                        .partNumber(partNumber), RequestBody.fromBytes(bytes)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
        }
        s3.completeMultipartUpload(request -> request.bucket("bench").key(key).uploadId(uploadId)
                .multipartUpload(upload -> upload.parts(parts)));
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest()).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
