package io.seldonmesh.deploycheck;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;

/** A kustomize directory resolved and turned into Fabric8 model objects. */
final class Builds {

    static final String NAMESPACE = "seldon-mesh";

    private Builds() {
    }

    static List<HasMetadata> typed(Path kustomization) {
        return KustomizeResolver.resolve(kustomization).stream().map(Manifests::typed).toList();
    }
}
