package io.seldonmesh.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The demo the launcher runs once everything is up: a real ONNX model goes to S3 encrypted with
 * SSE-KMS, is declared as a Seldon Model, is downloaded, verified and loaded, and answers one
 * inference through the services; then the {@code curl} lines to do the same by hand.
 */
final class Demo {

    static final String MODEL = "iris";
    static final String REQUEST = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[5.1,3.5,1.4,0.2]}]}";
    private static final String[] MODEL_FILES = {"model.onnx"};
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Stack stack;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Demo(Stack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** Runs the demo and returns the inference response body. */
    String run() {
        out.println();
        out.println("Demo: model '" + MODEL + "' (ONNX, iris classifier)");
        String storageUri = uploadModel();
        out.println("  uploaded to " + storageUri + " with SSE-KMS key " + stack.s3().kmsKeyId());
        URI modelServer = stack.service("model-server").baseUri();
        post(modelServer.resolve("/v2/repository/models/" + MODEL + "/load"), "{}");
        String response = post(modelServer.resolve("/v2/models/" + MODEL + "/infer"), REQUEST);
        out.println("  inference: " + response);
        printCurlLines(modelServer);
        return response;
    }

    private String uploadModel() {
        String prefix = MODEL + "/1/";
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(stack.s3().endpoint())
                .region(Region.of(stack.s3().region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        stack.s3().accessKeyId(), stack.s3().secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            for (String file : MODEL_FILES) {
                s3.putObject(PutObjectRequest.builder()
                                .bucket(stack.settings().s3Bucket())
                                .key(prefix + file)
                                .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                                .ssekmsKeyId(stack.s3().kmsKeyId())
                                .build(),
                        RequestBody.fromBytes(demoFile(file)));
            }
        }
        return "s3://" + stack.settings().s3Bucket() + "/" + prefix;
    }

    private static byte[] demoFile(String name) {
        String resource = "/demo/" + MODEL + "/" + name;
        try (InputStream in = Demo.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StackException("the demo model file " + resource + " is missing from the launcher's "
                        + "classpath; rebuild with: mvn -pl local-stack -am package -DskipTests");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String post(URI uri, String json) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(READY_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new StackException("POST " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new StackException("POST " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted during POST " + uri, e);
        }
    }

    private void printCurlLines(URI modelServer) {
        out.println();
        out.println("Try it yourself:");
        out.println("  curl -s -H 'Content-Type: application/json' -d '" + REQUEST + "' \\");
        out.println("       " + modelServer.resolve("/v2/models/" + MODEL + "/infer"));
        out.println("  curl -s " + modelServer.resolve("/v2/models/" + MODEL));
    }
}
