package io.seldonmesh.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "upload", mixinStandardHelpOptions = true,
        description = "Upload a model directory into the local stack's S3 storage with its storage secret, and print"
                + " the storageUri to put in the Model.")
final class UploadCommand extends ResourceCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "the model's files, e.g. model-server/src/test/resources/models/onnx-add10/1")
    Path directory;

    @Option(names = "--name", paramLabel = "NAME",
            description = "the path under the bucket (default: the directory's name, or its parent's for a version"
                    + " directory such as 1/)")
    String name;

    @Option(names = "--secret", paramLabel = "SECRET", defaultValue = "local-s3",
            description = "the storage secret, the Model's secretName (default ${DEFAULT-VALUE})")
    String secret;

    @Option(names = "--bucket", paramLabel = "BUCKET", description = "default: env LOCAL_S3_BUCKET, else models")
    String bucket;

    @Option(names = "--secrets-dir", paramLabel = "DIR",
            description = "where storage secrets are mounted (default: $LOCAL_STACK_DIR/secrets, else .local-stack/secrets)")
    Path secretsDirectory;

    @Override
    public Integer call() {
        Map<String, String> env = root().environment();
        Path secrets = secretsDirectory != null ? secretsDirectory
                : Path.of(env.getOrDefault("LOCAL_STACK_DIR", ".local-stack"), "secrets");
        ModelUpload upload = new ModelUpload(StorageSecret.read(secrets.resolve(secret)),
                bucket != null ? bucket : env.getOrDefault("LOCAL_S3_BUCKET", "models"),
                ResourceKind.MODEL.validName(name != null ? name : defaultName(directory)));
        List<String> files = upload.upload(directory);
        if (json()) {
            ObjectNode result = Json.json().createObjectNode();
            result.put("storageUri", upload.storageUri()).put("secretName", secret);
            files.forEach(result.putArray("files")::add);
            printJson(result);
        } else {
            out().println("uploaded " + String.join(", ", files) + " to s3://" + upload.bucket() + "/" + upload.name()
                    + " at " + upload.secret().endpoint()
                    + upload.secret().kmsKeyId().map(k -> " (SSE-KMS, key " + k + ")").orElse(""));
            out().println("storageUri: " + upload.storageUri());
            out().println("secretName: " + secret);
        }
        return ExitCodes.OK;
    }

    /** Model repositories keep versions in numbered directories: {@code onnx-add10/1} is the model onnx-add10. */
    static String defaultName(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        Path last = absolute.getFileName();
        if (last == null) {
            throw CliFailure.badInput("give the model a name with --name");
        }
        boolean version = last.toString().matches("\\d+") && absolute.getParent() != null
                && absolute.getParent().getFileName() != null;
        return (version ? absolute.getParent().getFileName() : last).toString();
    }
}
