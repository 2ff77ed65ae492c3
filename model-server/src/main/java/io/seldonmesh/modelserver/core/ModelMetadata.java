package io.seldonmesh.modelserver.core;

import io.seldonmesh.common.v2.proto.ModelMetadataResponse;
import io.seldonmesh.common.v2.proto.ModelMetadataResponse.TensorMetadata;
import java.util.List;

/** The V2 metadata of a loaded model, for both entry points. */
public final class ModelMetadata {

    private ModelMetadata() {
    }

    public static ModelMetadataResponse of(LoadedModel loaded) {
        Signature signature = loaded.model().signature();
        ModelMetadataResponse.Builder metadata = ModelMetadataResponse.newBuilder()
                .setName(loaded.name())
                .setPlatform(loaded.model().platform())
                .addAllInputs(tensors(signature.inputs()))
                .addAllOutputs(tensors(signature.outputs()));
        if (!loaded.version().isEmpty()) {
            metadata.addVersions(loaded.version());
        }
        return metadata.build();
    }

    private static List<TensorMetadata> tensors(List<TensorSpec> specs) {
        return specs.stream()
                .map(spec -> TensorMetadata.newBuilder()
                        .setName(spec.name())
                        .setDatatype(spec.datatype().name())
                        .addAllShape(spec.shape())
                        .build())
                .toList();
    }
}
