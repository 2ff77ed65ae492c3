package io.seldonmesh.cli;

import io.seldonmesh.common.spec.InvalidSpecException;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.spec.ResourceName;
import java.util.function.Function;

/** Models and pipelines: where the gateway keeps them and how their resources are read (common's parsers). */
public enum ResourceKind {
    MODEL("model", "models", document -> Model.parse(document).name()),
    PIPELINE("pipeline", "pipelines", document -> Pipeline.parse(document).name());

    private final String noun;
    private final String plural;
    private final Function<String, String> validatedName;

    ResourceKind(String noun, String plural, Function<String, String> validatedName) {
        this.noun = noun;
        this.plural = plural;
        this.validatedName = validatedName;
    }

    public String noun() {
        return noun;
    }

    /** {@code /v1/models} or {@code /v1/pipelines}. */
    String collectionPath() {
        return "/v1/" + plural;
    }

    String resourcePath(String name) {
        return collectionPath() + "/" + validName(name);
    }

    String inferPath(String name) {
        return "/v2/" + plural + "/" + validName(name) + "/infer";
    }

    /**
     * The name of the resource in {@code document}, once common's parser found it valid.
     *
     * @throws InvalidSpecException listing every problem
     */
    String nameOf(String document) {
        return validatedName.apply(document);
    }

    /** {@code name}, or exit 2 when it is not a DNS-1123 label (it would name Kafka topics). */
    String validName(String name) {
        ResourceName.problem(noun, name).ifPresent(problem -> {
            throw CliFailure.badInput(problem);
        });
        return name;
    }
}
