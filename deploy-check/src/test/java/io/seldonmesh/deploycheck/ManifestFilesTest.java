package io.seldonmesh.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ManifestFilesTest {

    @Test
    void everyManifestParsesIntoFabric8ModelClassesWithNoFieldTheyDoNotKnow() {
        List<String> problems = new ArrayList<>();
        int documents = 0;
        for (Path file : Manifests.files()) {
            if (Manifests.isKustomization(file)) {
                continue;
            }
            for (ObjectNode document : Manifests.documents(file)) {
                documents++;
                String where = Repository.ROOT.relativize(file) + " " + Manifests.describe(document);
                HasMetadata resource = Manifests.typed(document);
                if (resource instanceof GenericKubernetesResource generic) {
                    if (Deployed.customResource(generic).isEmpty()) {
                        problems.add(where + ": Fabric8 has no model class for " + resource.getApiVersion() + " " + resource.getKind());
                    } else if ("Certificate".equals(generic.getKind())) {
                        problems.addAll(CertificateContract.fieldProblems(generic));
                    }
                }
                UnknownFields.in(resource).forEach(unknown -> problems.add(where + ": " + unknown));
            }
        }
        assertThat(documents).as("documents under deploy/").isGreaterThan(30);
        assertThat(problems).isEmpty();
    }

    @Test
    void aMisspeltFieldIsFound() {
        ObjectNode deployment = Manifests.documents(Repository.DEPLOY.resolve("model-gateway/deployment.yaml")).get(0);
        ObjectNode container = (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0);
        container.set("readinesProbe", container.remove("readinessProbe"));

        assertThat(UnknownFields.in(Manifests.typed(deployment)))
                .containsExactly("spec.template.spec.containers[0]: unknown field(s) [readinesProbe]");
    }

    @Test
    void everyFileUnderDeployIsPartOfTheBaseOrTheEksOverlay() {
        Set<Path> read = new TreeSet<>(KustomizeResolver.filesRead(Repository.DEPLOY));
        read.addAll(KustomizeResolver.filesRead(Repository.EKS_OVERLAY));

        assertThat(Manifests.files()).allSatisfy(file -> assertThat(read).as("files kustomize reads").contains(file));
    }

    @Test
    void everyLocationVariableOfCommonHasItsSeldonSecretKey() {
        assertThat(SeldonSecrets.locationVariablesWithoutAKey()).isEmpty();
    }
}
