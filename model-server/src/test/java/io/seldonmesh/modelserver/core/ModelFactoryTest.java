package io.seldonmesh.modelserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.modelserver.core.builtin.AddTenModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelFactoryTest {

    private final List<Path> openedOnnx = new ArrayList<>();
    private final ModelFactory factory = new ModelFactory((name, file) -> {
        openedOnnx.add(file);
        return new AddTenModel(ModelSettings.none("test"));
    });
    private final Path directory = Path.of("/models/m/1");

    @Test
    void builtinIsChosenByImplementationName() {
        assertThat(factory.create(source("{\"implementation\": \"add10\"}", List.of()))).isInstanceOf(AddTenModel.class);
        assertThat(openedOnnx).isEmpty();
    }

    @Test
    void aLoneOnnxFileIsOpenedWithoutSettings() {
        factory.create(new ModelSource("m", "1", directory, ModelSettings.none("d"), List.of("classifier.onnx")));
        assertThat(openedOnnx).containsExactly(directory.resolve("classifier.onnx"));
    }

    @Test
    void uriNamesTheOnnxFile() {
        factory.create(source("{\"parameters\": {\"uri\": \"./b.onnx\"}}", List.of("a.onnx", "b.onnx")));
        assertThat(openedOnnx).containsExactly(directory.resolve("b.onnx"));
    }

    @Test
    void modelOnnxWinsAmongSeveralFiles() {
        factory.create(source("{\"implementation\": \"onnx\"}", List.of("a.onnx", "model.onnx")));
        assertThat(openedOnnx).containsExactly(directory.resolve("model.onnx"));
    }

    @Test
    void uriOutsideTheModelDirectoryIsRefused() {
        assertThatThrownBy(() -> factory.create(source("{\"parameters\": {\"uri\": \"../../other/x.onnx\"}}", List.of())))
                .hasMessage("s: uri '../../other/x.onnx' points outside the model directory /models/m/1; give a path inside it");
    }

    @Test
    void unknownImplementationListsTheChoices() {
        assertThatThrownBy(() -> factory.create(source("{\"implementation\": \"sklearn\"}", List.of())))
                .hasMessage("s: unknown implementation 'sklearn' for model 'm'; use onnx or one of the built-ins"
                        + " [identity, add10, mul10, sum-and-diff, conditional, sleep, fail]");
    }

    @Test
    void directoryWithNothingToRunSaysWhatIsMissing() {
        assertThatThrownBy(() -> factory.create(source("{}", List.of())))
                .hasMessageContaining("has no model-settings.json with an \"implementation\" and no .onnx file");
    }

    private ModelSource source(String settings, List<String> onnxFiles) {
        return new ModelSource("m", "1", directory, ModelSettings.parse(settings, "s"), onnxFiles);
    }
}
