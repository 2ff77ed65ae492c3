package io.seldonmesh.common.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What a valid Model asks for that this data plane does not run, each said where it is declared and what to do
 * instead, so that nothing is accepted only to fail later without a word. Checked by the control API (a 400), the
 * custom resource watcher (an {@code InvalidSpec} status) and model-fetcher (a {@code LoadFailed} status, for specs
 * written straight to the control topic). Pure.
 */
public final class UnsupportedFeatures {

    private UnsupportedFeatures() {
    }

    /** Empty when the model asks for nothing this data plane lacks. */
    public static List<SpecProblem> of(Model model) {
        List<SpecProblem> problems = new ArrayList<>();
        JsonNode explainer = model.spec().explainer();
        if (explainer != null && !explainer.isNull() && !explainer.isMissingNode()) {
            problems.add(new SpecProblem("spec.explainer", "explainers are not run here: Seldon runs them in MLServer's"
                    + " Alibi Explain runtime (requirement alibi-explain), which calls the " + explained(explainer)
                    + " through Seldon's mesh, and this data plane has neither; serve the explained model as a plain"
                    + " Model and compute explanations with Alibi outside it, or keep the explainer on Seldon Core 2"));
        }
        return problems;
    }

    /** @throws InvalidSpecException naming each unsupported field, when there is one */
    public static Model require(Model model) {
        List<SpecProblem> problems = of(model);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(Model.KIND, model.name(), problems);
        }
        return model;
    }

    private static String explained(JsonNode explainer) {
        String model = explainer.path("modelRef").asText("");
        String pipeline = explainer.path("pipelineRef").asText("");
        if (!model.isBlank()) {
            return "model it explains ('" + model + "', spec.explainer.modelRef)";
        }
        if (!pipeline.isBlank()) {
            return "pipeline it explains ('" + pipeline + "', spec.explainer.pipelineRef)";
        }
        return "model or pipeline it explains";
    }
}
