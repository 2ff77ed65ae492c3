package io.seldonmesh.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    record Strict(String name, Integer replicas) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Lenient(String name) {
    }

    record Timed(Instant at, Duration timeout) {
    }

    @Test
    void datesAreIsoStringsAndNullsAreLeftOut() throws Exception {
        assertThat(Json.json().writeValueAsString(new Timed(Instant.parse("2026-01-02T03:04:05Z"), Duration.ofSeconds(90))))
                .isEqualTo("{\"at\":\"2026-01-02T03:04:05Z\",\"timeout\":\"PT1M30S\"}");
        assertThat(Json.json().writeValueAsString(new Strict("iris", null))).isEqualTo("{\"name\":\"iris\"}");
    }

    @Test
    void unknownPropertiesFailUnlessTheTypeOptsOut() throws Exception {
        assertThatThrownBy(() -> Json.json().readValue("{\"name\":\"a\",\"extra\":1}", Strict.class))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThat(Json.json().readValue("{\"name\":\"a\",\"extra\":1}", Lenient.class)).isEqualTo(new Lenient("a"));
    }

    @Test
    void fractionsAreNotRoundedIntoWholeNumbers() {
        assertThatThrownBy(() -> Json.json().readValue("{\"replicas\":1.5}", Strict.class))
                .isInstanceOfAny(InvalidFormatException.class, MismatchedInputException.class);
    }

    @Test
    void yamlMapperReadsWhatPeopleWriteAndWritesPlainYaml() throws Exception {
        Map<String, Object> read = Json.yaml().readValue("name: iris\nreplicas: 2\n",
                new TypeReference<Map<String, Object>>() { });
        assertThat(read).containsEntry("name", "iris").containsEntry("replicas", 2);
        assertThat(Json.yaml().writeValueAsString(new Strict("iris", 2))).isEqualTo("name: iris\nreplicas: 2\n");
    }

    @Test
    void configureAppliesTheSameSettingsToAnotherMapper() throws Exception {
        ObjectMapper quarkusOwned = Json.configure(new ObjectMapper());
        assertThat(quarkusOwned.writeValueAsString(new Timed(Instant.parse("2026-01-02T03:04:05Z"), null)))
                .isEqualTo("{\"at\":\"2026-01-02T03:04:05Z\"}");
    }
}
