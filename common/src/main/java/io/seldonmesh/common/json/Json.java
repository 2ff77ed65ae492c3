package io.seldonmesh.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration shared by every service, so that a record written by one service
 * reads back identically in another.
 *
 * <p>Unknown properties fail by default: a type that must accept fields written by a newer
 * version (status records on Kafka) says so itself with {@code @JsonIgnoreProperties(ignoreUnknown
 * = true)}, and a type that must keep them (Model and Pipeline specs) captures them with
 * {@code @JsonAnySetter}. Dates are ISO-8601 strings, nulls are left out.
 */
public final class Json {

    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));

    private Json() {
    }

    /** The shared JSON mapper. Do not reconfigure it; use {@link #configure} on your own copy. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** The shared YAML mapper (Kubernetes custom resources as people write them). */
    public static ObjectMapper yaml() {
        return YAML;
    }

    /** {@code value} as UTF-8 JSON, for record values; our own types always serialize. */
    public static byte[] toBytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Applies the shared settings to a mapper someone else owns (for example Quarkus' own mapper,
     * from an {@code ObjectMapperCustomizer}) and returns it.
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // 1.5 replicas is a mistake to report, not a value to round down silently.
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    }
}
