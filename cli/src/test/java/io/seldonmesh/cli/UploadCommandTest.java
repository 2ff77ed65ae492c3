package io.seldonmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadCommandTest {

    @TempDir
    Path directory;

    @Test
    void versionDirectoryIsNamedAfterItsModel() {
        assertThat(UploadCommand.defaultName(Path.of("models", "onnx-add10", "1"))).isEqualTo("onnx-add10");
        assertThat(UploadCommand.defaultName(Path.of("models", "iris"))).isEqualTo("iris");
    }

    @Test
    void missingStorageSecretExitsTwoSayingWhereItLooked() throws IOException {
        Path model = Files.createDirectories(directory.resolve("m"));
        Files.writeString(model.resolve("model-settings.json"), "{\"implementation\": \"mul10\"}");

        CapturedRun run = CapturedRun.of(Map.of("LOCAL_STACK_DIR", directory.resolve("stack").toString()),
                "model", "upload", model.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("no storage secret at " + directory.resolve("stack/secrets/local-s3"),
                "./run-local");
    }

    @Test
    void storageSecretIsReadAsTheLocalStackWritesIt() throws IOException {
        Path secret = Files.createDirectories(directory.resolve("local-s3"));
        Files.writeString(secret.resolve("remote.json"), """
                {"type": "s3", "name": "local-s3", "parameters": {"provider": "Other", "env_auth": false,
                 "access_key_id": "testkit", "secret_access_key": "secret", "region": "us-east-1",
                 "endpoint": "http://127.0.0.1:34939", "force_path_style": true,
                 "server_side_encryption": "aws:kms", "sse_kms_key_id": "f770c4eb"}}
                """);

        StorageSecret read = StorageSecret.read(secret);

        assertThat(read.name()).isEqualTo("local-s3");
        assertThat(read.endpoint()).hasToString("http://127.0.0.1:34939");
        assertThat(read.kmsKeyId()).contains("f770c4eb");
        assertThat(new ModelUpload(read, "models", "my-add10").storageUri()).isEqualTo("local-s3://models/my-add10");
    }
}
