package io.seldonmesh.modelserver.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.ModelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsRootTest {

    @TempDir
    Path root;

    @Test
    void highestNumericVersionWinsNumerically() throws IOException {
        for (String version : new String[] {"2", "9", "10", "latest"}) {
            Files.createDirectories(root.resolve("m").resolve(version));
        }
        Files.writeString(root.resolve("m/10/model.onnx"), "x");

        ModelSource source = new ModelsRoot(root).locate("m", Optional.empty());

        assertThat(source.version()).isEqualTo("10");
        assertThat(source.directory()).isEqualTo(root.resolve("m/10"));
        assertThat(source.onnxFiles()).containsExactly("model.onnx");
    }

    @Test
    void withoutNumericNamesTheLatestModifiedDirectoryWinsAndHiddenOnesAreIgnored() throws IOException {
        Path older = Files.createDirectories(root.resolve("m/v-b"));
        Path newer = Files.createDirectories(root.resolve("m/v-a"));
        Path hidden = Files.createDirectories(root.resolve("m/.downloading"));
        Files.setLastModifiedTime(older, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(newer, FileTime.fromMillis(2_000_000));
        Files.setLastModifiedTime(hidden, FileTime.fromMillis(3_000_000));

        assertThat(new ModelsRoot(root).locate("m", Optional.empty()).version()).isEqualTo("v-a");
    }

    @Test
    void askedForVersionIsUsedOrReportedMissingWithTheVersionsPresent() throws IOException {
        Files.createDirectories(root.resolve("m/1"));
        Files.createDirectories(root.resolve("m/2"));
        ModelsRoot models = new ModelsRoot(root);

        assertThat(models.locate("m", Optional.of("1")).version()).isEqualTo("1");
        assertThatThrownBy(() -> models.locate("m", Optional.of("3")))
                .hasMessage("model 'm' has no version '3' in " + root.resolve("m") + "; versions present: [1, 2]");
        assertThatThrownBy(() -> models.locate("m", Optional.of("../m/1")))
                .hasMessageStartingWith("model 'm' has no version '../m/1'");
    }

    @Test
    void unversionedDirectoryTakesItsVersionFromTheSettings() throws IOException {
        Files.createDirectories(root.resolve("m"));
        Files.writeString(root.resolve("m/model-settings.json"),
                "{\"implementation\": \"identity\", \"parameters\": {\"version\": \"v0.1\"}}");

        ModelSource source = new ModelsRoot(root).locate("m", Optional.empty());

        assertThat(source.version()).isEqualTo("v0.1");
        assertThat(source.settings().implementation()).contains("identity");
    }

    @Test
    void missingModelDirectoryIsNotFoundAndSaysWhereItLooked() {
        assertThatThrownBy(() -> new ModelsRoot(root).locate("ghost", Optional.empty()))
                .isInstanceOfSatisfying(ModelServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(404))
                .hasMessageStartingWith("model 'ghost' not found: there is no directory " + root.resolve("ghost"));
    }

    @Test
    void emptyModelDirectoryIsALoadFailure() throws IOException {
        Files.createDirectories(root.resolve("m"));
        assertThatThrownBy(() -> new ModelsRoot(root).locate("m", Optional.empty()))
                .hasMessageContaining("has no version directory");
    }

    @Test
    void pathLikeModelNamesAreRefused() {
        assertThatThrownBy(() -> new ModelsRoot(root).locate("../etc", Optional.empty()))
                .isInstanceOfSatisfying(ModelServerException.class, e -> assertThat(e.httpStatus()).isEqualTo(400))
                .hasMessageStartingWith("model name '../etc' is not valid");
    }

    @Test
    void modelNamesListTheModelDirectories() throws IOException {
        Files.createDirectories(root.resolve("b/1"));
        Files.createDirectories(root.resolve("a/1"));
        Files.createDirectories(root.resolve(".tmp"));
        Files.writeString(root.resolve("notes.txt"), "x");

        assertThat(new ModelsRoot(root).modelNames()).containsExactly("a", "b");
        assertThat(new ModelsRoot(root.resolve("absent")).modelNames()).isEmpty();
    }
}
