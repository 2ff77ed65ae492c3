package io.seldonmesh.pipelinegateway.core;

import java.util.Optional;

/**
 * Seldon Core 2's rules for which model or pipeline a request is for. Its ingress routes on the
 * {@code seldon-model} header: {@code iris} is the model iris, {@code tfsimples.pipeline} the
 * pipeline tfsimples, whatever the URL path says (clients put the same name in {@code /v2/models/{name}}).
 * Without the header the path decides; over gRPC the request's {@code model_name} plays the path's part.
 */
public final class Addressing {

    /** Marks a pipeline in a {@code seldon-model} value or a model path: {@code <pipeline>.pipeline}. */
    public static final String PIPELINE_SUFFIX = ".pipeline";

    private static final String SELDON_MODEL = "seldon-model";

    private Addressing() {
    }

    /** {@code POST /v2/models/{name}/infer}, or gRPC with {@code model_name}: the header wins when present. */
    public static Target forModelPath(String pathName, Optional<String> seldonModel) {
        return forModelPath(pathName, seldonModel, SELDON_MODEL);
    }

    /** @param headerName the header {@code routing} came from ({@code seldon-model}, {@code seldon-internal-model}) */
    public static Target forModelPath(String pathName, Optional<String> routing, String headerName) {
        Optional<String> header = nonBlank(routing);
        if (header.isPresent()) {
            return parse(header.get(), "header " + headerName);
        }
        return parse(pathName, "model name");
    }

    /**
     * {@code POST /v2/pipelines/{name}/infer}: the path names a pipeline; a {@code seldon-model} header may
     * repeat it but must not name something else, since then no answer could satisfy both.
     */
    public static Target forPipelinePath(String pathName, Optional<String> seldonModel) {
        return forPipelinePath(pathName, seldonModel, SELDON_MODEL);
    }

    /** @param headerName the header {@code routing} came from ({@code seldon-model}, {@code seldon-internal-model}) */
    public static Target forPipelinePath(String pathName, Optional<String> routing, String headerName) {
        Target target = Target.pipeline(requireName(stripSuffix(pathName), "pipeline name in the path"));
        Optional<String> header = nonBlank(routing);
        if (header.isPresent()) {
            Target fromHeader = parse(header.get(), "header " + headerName);
            if (!fromHeader.equals(target)) {
                throw new InferenceFailure(InferenceFailure.Reason.INVALID_REQUEST, "the path names " + target
                        + " but header " + headerName + "='" + header.get() + "' names " + fromHeader
                        + ": send the request to one of them (drop the header, or use /v2/models/{name}/infer)");
            }
        }
        return target;
    }

    /** {@code <name>.pipeline} is the pipeline {@code <name>}; anything else a model. */
    public static Target parse(String name, String source) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.endsWith(PIPELINE_SUFFIX)) {
            return Target.pipeline(requireName(stripSuffix(trimmed), source));
        }
        return Target.model(requireName(trimmed, source));
    }

    private static String stripSuffix(String name) {
        return name.endsWith(PIPELINE_SUFFIX) ? name.substring(0, name.length() - PIPELINE_SUFFIX.length()) : name;
    }

    private static String requireName(String name, String source) {
        if (name.isBlank()) {
            throw new InferenceFailure(InferenceFailure.Reason.INVALID_REQUEST, source
                    + " is empty: name a model ('iris') or a pipeline ('mypipeline.pipeline')");
        }
        return name;
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::strip).filter(v -> !v.isEmpty());
    }
}
