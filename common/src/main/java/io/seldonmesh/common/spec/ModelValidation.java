package io.seldonmesh.common.spec;

import java.util.List;
import java.util.regex.Pattern;

/** Every rule a Model must satisfy before it can be loaded, checked all at once. Pure. */
final class ModelValidation {

    /** A Secret's name is a DNS-1123 subdomain. */
    private static final int MAX_SECRET_NAME_LENGTH = 253;
    private static final Pattern SECRET_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;

    private ModelValidation() {
    }

    static void check(String name, ModelSpec spec, List<SpecProblem> problems) {
        if (name != null) {
            ResourceName.problem("model", name).ifPresent(problem -> problems.add(new SpecProblem("metadata.name",
                    problem)));
        }
        if (spec.storageUri() == null || spec.storageUri().isBlank()) {
            problems.add(new SpecProblem("spec.storageUri", "missing: where to fetch the model from, "
                    + StorageUri.FORM + " (e.g. s3://models/iris)"));
        } else {
            try {
                StorageUri.parse(spec.storageUri());
            } catch (IllegalArgumentException e) {
                problems.add(new SpecProblem("spec.storageUri", e.getMessage()));
            }
        }
        if (spec.artifactVersion() != null && (spec.artifactVersion() < 0 || spec.artifactVersion() > MAX_UINT32)) {
            problems.add(new SpecProblem("spec.artifactVersion", spec.artifactVersion()
                    + " is out of range: expected a version folder number from 0 to " + MAX_UINT32));
        }
        if (spec.secretName() != null && (spec.secretName().length() > MAX_SECRET_NAME_LENGTH
                || !SECRET_NAME.matcher(spec.secretName()).matches())) {
            problems.add(new SpecProblem("spec.secretName", "'" + spec.secretName() + "' is not a Kubernetes Secret"
                    + " name: lowercase letters, digits, '-' and '.'"));
        }
        for (int i = 0; i < spec.requirements().size(); i++) {
            String requirement = spec.requirements().get(i);
            if (requirement == null || requirement.isBlank()) {
                problems.add(new SpecProblem("spec.requirements[" + i + "]", "empty: name a capability the server"
                        + " needs, e.g. sklearn"));
            }
        }
        if (spec.memory() != null && !MemoryQuantity.isValid(spec.memory())) {
            problems.add(new SpecProblem("spec.memory", "'" + spec.memory() + "' is not " + MemoryQuantity.FORM));
        }
        checkScaling(spec, problems);
        for (int i = 0; i < spec.parameters().size(); i++) {
            Parameter parameter = spec.parameters().get(i);
            if (parameter == null || parameter.name() == null || parameter.name().isBlank()) {
                problems.add(new SpecProblem("spec.parameters[" + i + "].name", "missing: each parameter needs a"
                        + " name"));
            }
        }
        if (present(spec.explainer()) && present(spec.llm())) {
            problems.add(new SpecProblem("spec", "has both explainer and llm: a model is one or the other"));
        }
    }

    private static void checkScaling(ModelSpec spec, List<SpecProblem> problems) {
        nonNegative("spec.replicas", spec.replicas(), problems);
        nonNegative("spec.minReplicas", spec.minReplicas(), problems);
        nonNegative("spec.maxReplicas", spec.maxReplicas(), problems);
        Integer min = spec.minReplicas();
        Integer max = spec.maxReplicas();
        if (min != null && max != null && max > 0 && min > max) {
            problems.add(new SpecProblem("spec.minReplicas", min + " is more than maxReplicas " + max));
        }
        if (spec.replicas() != null && min != null && spec.replicas() < min) {
            problems.add(new SpecProblem("spec.replicas", spec.replicas() + " is fewer than minReplicas " + min));
        }
        if (spec.replicas() != null && max != null && max > 0 && spec.replicas() > max) {
            problems.add(new SpecProblem("spec.replicas", spec.replicas() + " is more than maxReplicas " + max));
        }
    }

    private static void nonNegative(String path, Integer value, List<SpecProblem> problems) {
        if (value != null && value < 0) {
            problems.add(new SpecProblem(path, value + " is negative: a replica count is 0 or more"));
        }
    }

    private static boolean present(com.fasterxml.jackson.databind.JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }
}
