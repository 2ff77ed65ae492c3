package io.seldonmesh.modelserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.common.v2.Datatype;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {

    @Test
    void readsMlserverFields() {
        ModelSettings settings = ModelSettings.parse("""
                {"name": "iris", "implementation": "onnx",
                 "inputs": [{"name": "x", "datatype": "FP32", "shape": [-1, 4]}],
                 "parameters": {"uri": "./model.onnx", "version": "v2", "extra": {"delay_ms": 7}}}
                """, "m/model-settings.json");

        assertThat(settings.name()).contains("iris");
        assertThat(settings.implementation()).contains("onnx");
        assertThat(settings.uri()).contains("./model.onnx");
        assertThat(settings.version()).contains("v2");
        assertThat(settings.inputs()).containsExactly(TensorSpec.of("x", Datatype.FP32, -1, 4));
        assertThat(settings.longParameter("delay_ms", 0)).isEqualTo(7);
    }

    @Test
    void parametersWinOverExtra() {
        ModelSettings settings = ModelSettings.parse(
                "{\"parameters\": {\"status\": 418, \"extra\": {\"status\": 500}}}", "s");
        assertThat(settings.longParameter("status", 0)).isEqualTo(418);
        assertThat(settings.implementation()).isEqualTo(Optional.empty());
        assertThat(settings.inputs()).isEqualTo(List.of());
    }

    @Test
    void invalidJsonNamesTheFile() {
        assertThatThrownBy(() -> ModelSettings.parse("{\"name\": ", "/models/x/1/model-settings.json"))
                .isInstanceOf(ModelServerException.class)
                .hasMessageStartingWith("/models/x/1/model-settings.json is not valid JSON");
    }

    @Test
    void unknownDatatypeIsALoadFailureNamingTheInput() {
        assertThatThrownBy(() -> ModelSettings.parse(
                "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FLOAT\", \"shape\": [1]}]}", "s"))
                .hasMessageStartingWith("s: input 'x' has unknown datatype 'FLOAT'; valid datatypes are BOOL,")
                .extracting(e -> ((ModelServerException) e).kind()).isEqualTo(ModelServerException.Kind.LOAD_FAILED);
    }

    @Test
    void nonNumericParameterIsALoadFailureNamingTheKey() {
        ModelSettings settings = ModelSettings.parse("{\"parameters\": {\"delay_ms\": \"soon\"}}", "s");
        assertThatThrownBy(() -> settings.longParameter("delay_ms", 0))
                .hasMessage("s: parameter \"delay_ms\" must be a whole number, found \"soon\"");
    }
}
