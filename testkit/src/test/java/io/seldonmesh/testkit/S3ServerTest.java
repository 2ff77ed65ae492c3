package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.HexFormat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3ServerTest {

    private static final String BUCKET = "models";

    private static S3Client s3;
    private static S3Server server;

    @BeforeAll
    static void start() {
        server = S3Server.builder().bucket(BUCKET).keepAlive(Duration.ofSeconds(1)).start();
        s3 = S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(server.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKeyId(), server.secretAccessKey())))
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    @Test
    void initialBucketExists() {
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains(BUCKET);
    }

    @Test
    void kmsEncryptedObjectReadsBackAndItsETagIsNotTheMd5() throws Exception {
        byte[] content = "model weights".getBytes(StandardCharsets.UTF_8);

        PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key("kms/model.bin")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(server.kmsKeyId()),
                RequestBody.fromBytes(content));

        var read = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("kms/model.bin"));
        GetObjectResponse response = read.response();
        assertThat(read.asByteArray()).isEqualTo(content);
        assertThat(response.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(response.ssekmsKeyId()).contains(server.kmsKeyId());
        assertThat(unquote(put.eTag())).isNotEqualTo(md5(content));
        assertThat(unquote(response.eTag())).isNotEqualTo(md5(content));
    }

    @Test
    void plainObjectETagIsTheMd5OfItsContent() throws Exception {
        byte[] content = "plain model".getBytes(StandardCharsets.UTF_8);

        PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key("plain/model.bin"),
                RequestBody.fromBytes(content));

        assertThat(unquote(put.eTag())).isEqualTo(md5(content));
    }

    @Test
    void putObjectStoresContentWithoutAnS3ClientAndNamesAMissingBucket() {
        server.putObject(BUCKET, "fixtures/model-settings.json", "{\"implementation\": \"add10\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("fixtures/model-settings.json")).asUtf8String())
                .isEqualTo("{\"implementation\": \"add10\"}");
        assertThatThrownBy(() -> server.putObject("no-such-bucket", "x", new byte[1]))
                .hasMessageStartingWith("PUT " + server.endpoint() + "/no-such-bucket/x answered 404: ")
                .hasMessageEndingWith("; the bucket must exist (buckets created at start: [models])");
    }

    @Test
    void kmsKeyArnInARequestIsRejected() {
        S3Exception rejected = catchThrowableOfType(S3Exception.class, () -> s3.putObject(b -> b
                .bucket(BUCKET).key("kms/arn.bin")
                .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(server.kmsKeyArn()),
                RequestBody.fromString("x")));

        assertThat(rejected.statusCode()).isEqualTo(400);
    }

    @Test
    void everyConnectorListensOnLoopbackOnly() throws Exception {
        assertThat(ListeningSockets.of(server.pid()))
                .hasSizeGreaterThanOrEqualTo(2)
                .extracting(ListeningSockets.Socket::port).contains(server.port());
        assertThat(ListeningSockets.of(server.pid())).allMatch(ListeningSockets.Socket::isLoopback);
    }

    @Test
    void idleConnectionIsClosedAfterTheConfiguredKeepAliveNotTomcatsMinute() throws Exception {
        try (Socket socket = new Socket(server.endpoint().getHost(), server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long sent = System.nanoTime();

            byte[] everything = socket.getInputStream().readAllBytes();

            Duration open = Duration.ofNanos(System.nanoTime() - sent);
            assertThat(new String(everything, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            assertThat(open).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void closingStopsTheProcessFreesBothPortsAndDeletesTheObjects() throws Exception {
        List<Integer> ports = ListeningSockets.of(server.pid()).stream().map(ListeningSockets.Socket::port).toList();
        assertThat(ports).hasSize(2).contains(server.port());

        server.close();

        Stopped.assertStopped(server, ports);
        assertThat(server.rootDirectory()).doesNotExist();
        assertThat(Files.readString(server.logFile())).contains("Started S3MockApplication");
    }

    private static String md5(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }

    private static String unquote(String eTag) {
        return eTag.replace("\"", "");
    }
}
