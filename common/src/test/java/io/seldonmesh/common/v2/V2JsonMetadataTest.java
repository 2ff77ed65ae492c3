package io.seldonmesh.common.v2;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seldonmesh.common.v2.proto.ModelMetadataResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class V2JsonMetadataTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void tritonMetadataWithVariableDimensionsRoundTrips() throws Exception {
        byte[] json = Samples.resource("triton-metadata.json");

        ModelMetadataResponse metadata = V2Json.parseMetadata(json);

        assertThat(metadata.getName()).isEqualTo("simple");
        assertThat(metadata.getVersionsList()).containsExactly("1");
        assertThat(metadata.getInputs(0).getShapeList()).containsExactly(-1L, 16L);
        assertThat(metadata.getOutputs(1).getParametersMap().get("batching").getBoolParam()).isTrue();
        assertThat(MAPPER.readTree(V2Json.writeMetadata(metadata))).isEqualTo(MAPPER.readTree(json));
    }

    @Test
    void minimalMetadataIsWrittenWithPlatformAndTensorArrays() {
        ModelMetadataResponse metadata = ModelMetadataResponse.newBuilder().setName("iris").build();

        assertThat(new String(V2Json.writeMetadata(metadata), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"iris\",\"platform\":\"\",\"inputs\":[],\"outputs\":[]}");
    }

    @Test
    void metadataWithoutNameOrWithAMalformedShapeIsReported() {
        assertThatThrownBy(() -> V2Json.parseMetadata(
                "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[\"-1\"]}]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(V2ValidationException.class)
                .hasMessageStartingWith("2 problems: metadata has no name; expected e.g. {\"name\":\"iris\"")
                .hasMessageEndingWith("; metadata input 'x' field 'shape' must be an array of whole numbers, but "
                        + "dimension 0 is the string \"-1\"");
    }
}
