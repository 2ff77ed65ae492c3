package io.seldonmesh.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The demo the launcher runs once everything is up: a real ONNX model goes to S3 encrypted with
 * SSE-KMS, is declared as a Seldon Model, is downloaded, verified and loaded, and answers one
 * inference through the services; Seldon's sample pipeline tfsimples runs through the dataflow
 * ({@link PipelineDemo}); secret-sync's replicated Kafka credentials are shown; then the
 * {@code curl} lines to do the same by hand.
 */
final class Demo {

    static final String MODEL = "iris";
    static final String STORAGE_SECRET = "local-s3";
    static final String REQUEST = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[5.1,3.5,1.4,0.2]}]}";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final String[] MODEL_FILES = {"model.onnx"};

    /** The answers the demo got: the iris model's and the sample pipeline's. */
    record Answers(String model, String pipeline) {
    }

    private final Stack stack;
    private final PrintStream out;

    Demo(Stack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    Answers run() {
        out.println();
        String modelServer = stack.settings().externalModelServer().map(server -> "the model server at " + server.rest())
                .orElse("model-server");
        out.println("Demo: model '" + MODEL + "' (ONNX iris classifier) through S3 (SSE-KMS) -> model-fetcher -> "
                + modelServer + ", inference via pipeline-gateway -> Kafka -> model-gateway");
        String storageUri = uploadModel();
        out.println("  uploaded " + storageUri + " encrypted with KMS key " + stack.objectStore().kmsKeyId());
        writeStorageSecret();
        PipelineGatewayClient gateway = new PipelineGatewayClient(stack.service("pipeline-gateway").baseUri(),
                stack.settings().workDirectory().resolve("logs"));
        gateway.put("/v1/models/" + MODEL, modelResource(storageUri));
        out.println("  declared Model '" + MODEL + "' through the control API (PUT /v1/models/" + MODEL + ")");
        out.println("  model status: " + gateway.awaitModelAvailable(MODEL, READY_TIMEOUT));
        String response = gateway.infer("/v2/models/" + MODEL + "/infer", REQUEST, Map.of());
        out.println("  inference: " + response);
        PipelineDemo pipeline = new PipelineDemo(stack, gateway, out);
        String pipelineResponse = pipeline.run();
        new CredentialDemo(stack.kubernetes(), out).run();
        printCurlLines(gateway, pipeline);
        return new Answers(response, pipelineResponse);
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
        for (String file : MODEL_FILES) {
            stack.objectStore().putObject(stack.objectStore().bucket(), MODEL + "/" + file, demoFile(file));
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

    private void printCurlLines(PipelineGatewayClient gateway, PipelineDemo pipeline) {
        out.println();
        out.println("Try it yourself:");
        out.println("  Status page: " + gateway.resolve("/ui/") + "     # models, pipelines, errors, \"try it\", in a browser");
        out.println("  curl -s -H 'Content-Type: application/json' -d '" + REQUEST + "' \\");
        out.println("       " + gateway.resolve("/v2/models/" + MODEL + "/infer"));
        out.println("  curl -s " + gateway.resolve("/v1/models/" + MODEL) + "          # spec and status");
        out.println("  curl -s " + gateway.resolve("/v2/models/" + MODEL + "/ready"));
        out.println("  curl -s " + stack.modelServer().resolve("/v2/models/" + MODEL)
                + "     # metadata, straight from the model server");
        pipeline.curlLines().forEach(out::println);
        out.println("  curl -s " + stack.kubernetes().apiServer().resolve("/api/v1/namespaces/"
                + KafkaCredentialSources.RUNTIME_NAMESPACE + "/secrets/" + KafkaCredentialSources.OAUTH_SECRET)
                + "     # a copy secret-sync made (in-memory Kubernetes API)");
    }
}
