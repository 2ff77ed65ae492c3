package io.seldonmesh.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.testkit.PackagedDoctor;
import io.seldonmesh.testkit.QuarkusApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar quarkus-run.jar doctor} of the packaged model server: no Kafka; the models directory it would load
 * from (the default of application.properties unless MODELS_ROOT says otherwise) and ONNX Runtime's native library.
 */
class DoctorIT {

    private static final Path APPLICATION = QuarkusApp.moduleApplication("model-server");

    @TempDir
    Path directory;

    @Test
    void modelsRootWithModelsAndOnnxRuntimePass() {
        Path models = Path.of("src/test/resources/models").toAbsolutePath();

        PackagedDoctor.Result result = PackagedDoctor.run(APPLICATION, Map.of("MODELS_ROOT", models.toString()));

        assertThat(result.exitStatus()).as(result.output()).isZero();
        assertThat(result.output()).startsWith("doctor for model-server\n")
                .contains("✓ OK   models-root    " + models + ",").contains("onnx-add10")
                .containsPattern("✓ OK   onnx-runtime   ONNX Runtime \\d+\\.\\d+")
                .as("no Kafka layer for a service without Kafka").doesNotContain("tcp");
    }

    @Test
    void defaultModelsRootIsTheOneTheServerWouldUse() {
        PackagedDoctor.Result result = PackagedDoctor.run(APPLICATION, Map.of());

        assertThat(result.output()).as(result.output())
                .contains("models-root    /mnt/models").contains("MODELS_ROOT");
    }

    @Test
    void modelsRootThatIsAFileFails() throws IOException {
        Path file = Files.writeString(directory.resolve("models"), "not a directory");

        PackagedDoctor.Result result = PackagedDoctor.run(APPLICATION, Map.of("MODELS_ROOT", file.toString()));

        assertThat(result.exitStatus()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("✗ FAIL models-root    " + file + " is not a readable directory")
                .contains("set MODELS_ROOT");
    }

    @Test
    void onnxRuntimeThatCannotExtractItsLibraryFailsSayingWhere() {
        Path missing = directory.resolve("no-such-tmp");

        PackagedDoctor.Result result = PackagedDoctor.run(APPLICATION, Map.of("MODELS_ROOT", directory.toString(),
                "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + missing));

        assertThat(result.exitStatus()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("✗ FAIL onnx-runtime").contains("java.io.tmpdir")
                .contains("the built-in models still run");
    }
}
