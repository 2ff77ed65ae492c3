package io.seldonmesh.deploycheck;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;

/** A Deployment or StatefulSet: what runs the containers, however it is kept running. */
record Workload(String kind, String name, String namespace, int replicas, Map<String, String> selector, PodTemplateSpec template) {

    static Workload of(Deployment d) {
        return new Workload("Deployment", d.getMetadata().getName(), d.getMetadata().getNamespace(), replicas(d.getSpec().getReplicas()),
                d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate());
    }

    static Workload of(StatefulSet s) {
        return new Workload("StatefulSet", s.getMetadata().getName(), s.getMetadata().getNamespace(), replicas(s.getSpec().getReplicas()),
                s.getSpec().getSelector().getMatchLabels(), s.getSpec().getTemplate());
    }

    List<Container> containers() {
        return template.getSpec().getContainers();
    }

    Map<String, String> podLabels() {
        Map<String, String> labels = template.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    /** True when every label of the selector is on this workload's pods. */
    boolean selectedBy(Map<String, String> selector) {
        return selector != null && !selector.isEmpty() && podLabels().entrySet().containsAll(selector.entrySet());
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }

    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }
}
