package io.seldonmesh.modelfetcher.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.seldonmesh.testkit.S3Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * For bench/model-fetcher: starts the testkit S3 server on 127.0.0.1, uploads every file under the
 * given directory to {@code s3://bench/model/} with the AWS SDK's defaults (one PutObject per file,
 * the SDK's default CRC32 checksum, no encryption, so that rclone can check single-part ETags as
 * MD5), prints {@code READY <endpoint> <files> <S3 server pid>} (the pid lets the bench read the
 * server's CPU time) and serves until its standard input closes. An optional second argument names
 * another checksum algorithm for the uploads (e.g. {@code SHA256}).
 */
public final class BenchS3Server {

    private BenchS3Server() {
    }

    public static void main(String[] args) throws IOException {
        Path source = Path.of(args[0]);
        Optional<ChecksumAlgorithm> checksum = args.length > 1 && !args[1].isBlank()
                ? Optional.of(ChecksumAlgorithm.fromValue(args[1])) : Optional.empty();
        try (S3Server server = S3Server.builder().bucket("bench").start();
             S3Client s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(server.region()))
                     .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
                     .build()) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(source)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                String key = "model/" + source.relativize(file).toString().replace('\\', '/');
                s3.putObject(request -> {
                    request.bucket("bench").key(key);
                    checksum.ifPresent(request::checksumAlgorithm);
                }, RequestBody.fromFile(file));
            }
            System.out.println("READY " + server.endpoint() + " " + files.size() + " " + server.pid());
            System.out.flush();
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (stdin.readLine() != null) {
                // Serve until the bench closes our input.
            }
        }
    }
}
