package io.seldonmesh.common.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A valid Pipeline: its name and spec. Every way of making one validates it, so code holding a
 * {@code Pipeline} can rely on its references being well-formed and its steps defined.
 */
public record Pipeline(String name, PipelineSpec spec) {

    public static final String KIND = "Pipeline";

    public Pipeline {
        Objects.requireNonNull(spec, "spec");
        SpecReading.validate(KIND, name, spec, PipelineValidation::check);
    }

    /**
     * Reads a whole Pipeline resource (YAML or JSON); the name is its {@code metadata.name}.
     *
     * @throws InvalidSpecException listing every problem found
     */
    public static Pipeline parse(String document) {
        return parseNamed(null, document);
    }

    /**
     * Reads a Pipeline resource or a bare spec sent under {@code name} (a control record's key, a
     * URL path); when both name it, they must agree.
     *
     * @throws InvalidSpecException listing every problem found
     */
    public static Pipeline parseNamed(String name, String document) {
        return parseIn(null, name, document);
    }

    /**
     * As {@link #parseNamed}, for an API that serves one namespace: a {@code metadata.namespace} naming another
     * is one of the problems.
     *
     * @param namespace the namespace served; null accepts any
     * @throws InvalidSpecException listing every problem found
     */
    public static Pipeline parseIn(String namespace, String name, String document) {
        SpecReading.Read<PipelineSpec> read = SpecReading.read(KIND, namespace, name, document, PipelineSpec.class,
                PipelineValidation::check);
        return new Pipeline(read.name(), read.spec());
    }

    /** A control record: key is the name, value the spec as JSON. */
    public static Pipeline fromControlRecord(byte[] key, byte[] value) {
        return parseNamed(key == null ? null : new String(key, StandardCharsets.UTF_8),
                value == null ? null : new String(value, StandardCharsets.UTF_8));
    }

    /** The spec as JSON: the value of a control record. */
    public byte[] specJson() {
        return Json.toBytes(spec);
    }

    /** The whole custom resource, as {@code kubectl get -o json} would show it (without status). */
    public ObjectNode resource() {
        return SpecDocument.resource(KIND, name, spec);
    }

    /** The models the pipeline runs, one per step, in spec order. */
    public List<String> models() {
        return spec.steps().stream().map(PipelineStep::name).toList();
    }
}
