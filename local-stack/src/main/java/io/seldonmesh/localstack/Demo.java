package io.seldonmesh.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * inference through the services; secret-sync's replicated Kafka credentials are shown; then the
 * {@code curl} lines to do the same by hand.
 */
final class Demo {

    static final String MODEL = "iris";
    static final String STORAGE_SECRET = "local-s3";
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
        String modelServer = stack.settings().externalModelServer().map(server -> "the model server at " + server.rest())
                .orElse("model-server");
        out.println("Demo: model '" + MODEL + "' (ONNX iris classifier) through S3 (SSE-KMS) -> model-fetcher -> "
                + modelServer + ", inference via pipeline-gateway -> Kafka -> model-gateway");
        String storageUri = uploadModel();
        out.println("  uploaded " + storageUri + " encrypted with KMS key " + stack.objectStore().kmsKeyId());
        writeStorageSecret();
        URI gateway = stack.service("pipeline-gateway").baseUri();
        send("PUT", gateway.resolve("/v1/models/" + MODEL), modelResource(storageUri), "application/yaml");
        out.println("  declared Model '" + MODEL + "' through the control API (PUT /v1/models/" + MODEL + ")");
        String status = awaitAvailable(gateway);
        out.println("  model status: " + status);
        String response = send("POST", gateway.resolve("/v2/models/" + MODEL + "/infer"), REQUEST, "application/json");
        out.println("  inference: " + response);
        new CredentialDemo(stack.kubernetes(), out).run();
        printCurlLines(gateway);
        return response;
    }

    private String modelResource(String storageUri) {
        return """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata:
                  name: %s
                spec:
                  storageUri: %s
                  secretName: %s
                  requirements:
                  - onnx
                """.formatted(MODEL, storageUri, STORAGE_SECRET);
    }

    /** The rclone-style remote the Model's {@code secretName} points at, mounted as a file like a Kubernetes Secret. */
    private void writeStorageSecret() {
        String remote = """
                {"type": "s3", "name": "%s", "parameters": {"provider": "Other", "env_auth": false,
                 "access_key_id": "%s", "secret_access_key": "%s", "region": "%s", "endpoint": "%s",
                 "force_path_style": true, "server_side_encryption": "aws:kms", "sse_kms_key_id": "%s"}}
                """.formatted(STORAGE_SECRET, stack.objectStore().accessKeyId(), stack.objectStore().secretAccessKey(), stack.objectStore().region(),
                stack.objectStore().endpoint(), stack.objectStore().kmsKeyId());
        Path secret = stack.secretsDirectory().resolve(STORAGE_SECRET);
        try {
            Files.createDirectories(secret);
            Files.writeString(secret.resolve("remote.json"), remote);
        } catch (IOException e) {
            throw new StackException("cannot write the demo storage secret under " + secret + ": " + e.getMessage(), e);
        }
    }

    /** Polls the control API until the fetcher reports the model Available, or explains why not. */
    private String awaitAvailable(URI gateway) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = send("GET", gateway.resolve("/v1/models/" + MODEL), null, null);
            if (last.contains("\"LoadFailed\"")) {
                throw new StackException("model-fetcher could not load the demo model: " + last);
            }
            if (last.contains("\"Available\"")) {
                return summary(last);
            }
            pause();
        }
        throw new StackException("the demo model was not Available within " + READY_TIMEOUT.toSeconds()
                + " s; its last status: " + last + "; see the logs of model-fetcher and model-server under "
                + stack.settings().workDirectory().resolve("logs"));
    }

    private static String summary(String modelView) {
        int status = modelView.indexOf("\"status\"");
        return status < 0 ? modelView : modelView.substring(status);
    }

    /** Between two looks at something the services do asynchronously. */
    static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for the demo", e);
        }
    }

    private String uploadModel() {
        String prefix = MODEL + "/";
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(stack.objectStore().endpoint())
                .region(Region.of(stack.objectStore().region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        stack.objectStore().accessKeyId(), stack.objectStore().secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            for (String file : MODEL_FILES) {
                s3.putObject(PutObjectRequest.builder()
                                .bucket(stack.objectStore().bucket())
                                .key(prefix + file)
                                .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                                .ssekmsKeyId(stack.objectStore().kmsKeyId())
                                .build(),
                        RequestBody.fromBytes(demoFile(file)));
            }
        }
        return STORAGE_SECRET + "://" + stack.objectStore().bucket() + "/" + MODEL;
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

    private String send(String method, URI uri, String body, String contentType) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(READY_TIMEOUT);
        if (body != null) {
            builder.header("Content-Type", contentType);
        }
        HttpRequest request = builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new StackException(method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new StackException(method + " " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted during " + method + " " + uri, e);
        }
    }

    private void printCurlLines(URI gateway) {
        out.println();
        out.println("Try it yourself:");
        out.println("  curl -s -H 'Content-Type: application/json' -d '" + REQUEST + "' \\");
        out.println("       " + gateway.resolve("/v2/models/" + MODEL + "/infer"));
        out.println("  curl -s " + gateway.resolve("/v1/models/" + MODEL) + "          # spec and status");
        out.println("  curl -s " + gateway.resolve("/v2/models/" + MODEL + "/ready"));
        out.println("  curl -s " + stack.modelServer().resolve("/v2/models/" + MODEL)
                + "     # metadata, straight from the model server");
        out.println("  curl -s " + stack.kubernetes().apiServer().resolve("/api/v1/namespaces/"
                + KafkaCredentialSources.RUNTIME_NAMESPACE + "/secrets/" + KafkaCredentialSources.OAUTH_SECRET)
                + "     # a copy secret-sync made (in-memory Kubernetes API)");
    }
}
