package io.seldonmesh.common.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A valid Model: its name and spec. Every way of making one validates it, so code holding a
 * {@code Model} can rely on its storage URI, memory quantity and replica counts being usable.
 */
public record Model(String name, ModelSpec spec) {

    public static final String KIND = "Model";

    public Model {
        Objects.requireNonNull(spec, "spec");
        SpecReading.validate(KIND, name, spec, ModelValidation::check);
    }

    /**
     * Reads a whole Model resource (YAML or JSON); the name is its {@code metadata.name}.
     *
     * @throws InvalidSpecException listing every problem found
     */
    public static Model parse(String document) {
        return parseNamed(null, document);
    }

    /**
     * Reads a Model resource or a bare spec sent under {@code name}; when both name it, they must agree.
     *
     * @throws InvalidSpecException listing every problem found
     */
    public static Model parseNamed(String name, String document) {
        return parseIn(null, name, document);
    }

    /**
     * As {@link #parseNamed}, for an API that serves one namespace: a {@code metadata.namespace} naming another
     * is one of the problems.
     *
     * @param namespace the namespace served; null accepts any
     * @throws InvalidSpecException listing every problem found
     */
    public static Model parseIn(String namespace, String name, String document) {
        SpecReading.Read<ModelSpec> read = SpecReading.read(KIND, namespace, name, document, ModelSpec.class,
                ModelValidation::check);
        return new Model(read.name(), read.spec());
    }

    /** A control record: key is the name, value the spec as JSON. */
    public static Model fromControlRecord(byte[] key, byte[] value) {
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
}
