package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.seldonmesh.common.spec.ModelSpec;
import io.seldonmesh.common.spec.Parameter;

class HashManifestTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void sha256sumLinesAreReadInTextAndBinaryModeSkippingCommentsAndLeadingDotSlash() {
        HashManifest manifest = HashManifest.parse("iris", "SHA256SUMS",
                ("# made by sha256sum\n" + A + "  model.onnx\r\n\n" + B + " *./weights/w.bin\n").getBytes(StandardCharsets.UTF_8));

        assertThat(manifest.hex()).containsExactly(java.util.Map.entry("model.onnx", A), java.util.Map.entry("weights/w.bin", B));
    }

    @Test
    void aLineThatIsNotSha256sumsFormatIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> HashManifest.parse("iris", "SHA256SUMS",
                (A + "  model.onnx\nmd5 1234 x\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IntegrityFailure.class)
                .hasMessageStartingWith("Model iris: SHA256SUMS line 2 is not '<64 hex digits>  <path>'");
    }

    @Test
    void aFileListedTwiceIsRefused() {
        assertThatThrownBy(() -> HashManifest.parse("iris", "SHA256SUMS",
                (A + "  m\n" + B + "  m\n").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("Model iris: SHA256SUMS lists 'm' twice");
    }

    @Test
    void aModelSignatureThatIsNotABundleIsRefused() {
        assertThatThrownBy(() -> HashManifest.parse("iris", "model.sig", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IntegrityFailure.class)
                .hasMessage("Model iris: model.sig is not an OpenSSF model-signing bundle (it has no dsseEnvelope.payload);"
                        + " sign the model again with 'model_signing sign'");
    }

    @Test
    void manifestFilesThemselvesNeedNoLine() {
        HashManifest manifest = HashManifest.parse("iris", "SHA256SUMS", (A + "  m\n").getBytes(StandardCharsets.UTF_8));

        assertThat(manifest.mismatch("iris", "s3://b/iris", List.of(new RemoteObject("iris/m", "m", 1, "e"),
                new RemoteObject("iris/SHA256SUMS", "SHA256SUMS", 1, "e"), new RemoteObject("iris/model.sig", "model.sig", 1,
                        "e")))).isEmpty();
    }

    @Test
    void aModelRequiresAManifestWithItsParameter() {
        assertThat(HashManifest.requiredBy(spec(new Parameter("require-manifest", "true")))).isTrue();
        assertThat(HashManifest.requiredBy(spec(new Parameter("require-manifest", "false")))).isFalse();
        assertThat(HashManifest.requiredBy(spec(new Parameter("other", "true")))).isFalse();
    }

    private static ModelSpec spec(Parameter parameter) {
        return new ModelSpec(null, "s3://b/iris", null, null, null, null, null, null, null, null, null, null, null, null,
                null, List.of(parameter), null, null, null);
    }
}
