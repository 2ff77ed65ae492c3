package io.seldonmesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.SmallRyeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command-line doctor sees the settings the service would: application.properties' defaults, overridden. */
class StandaloneConfigTest {

    @AfterEach
    void clear() {
        System.clearProperty("EXAMPLE_MODELS_ROOT");
    }

    @Test
    void defaultOfAnExpressionComesFromApplicationProperties() {
        assertThat(StandaloneConfig.load().getValue("example.models-root", String.class)).isEqualTo("/mnt/models");
    }

    @Test
    void variableOverridesTheDefault() {
        System.setProperty("EXAMPLE_MODELS_ROOT", "/srv/models");

        assertThat(StandaloneConfig.load().getValue("example.models-root", String.class)).isEqualTo("/srv/models");
    }

    @Test
    void givenVariablesSetThePropertiesTheyName() {
        SmallRyeConfig config = StandaloneConfig.withVariables(Map.of("EXAMPLE_MODELS_ROOT", "/srv/models",
                "EXAMPLE_SERVER_URL", "http://example:8080"));

        assertThat(config.getValue("example.models-root", String.class)).isEqualTo("/srv/models");
        assertThat(config.getValue("example.server-url", String.class)).isEqualTo("http://example:8080");
    }

    @Test
    void mappingOverTheDoctorsConfigurationReadsValuesAsQuarkusDoes() {
        ExampleConfig config = StandaloneConfig.mapping(ExampleConfig.class,
                StandaloneConfig.withVariables(Map.of("EXAMPLE_CHECK_INTERVAL", "2s")));

        assertThat(config.modelsRoot()).isEqualTo(Path.of("/mnt/models"));
        assertThat(config.mode()).isEqualTo("prod-value");
        assertThat(config.checkInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.splitAbove().asLongValue()).isEqualTo(32L * 1024 * 1024);
    }

    @Test
    void productionProfileApplies() {
        assertThat(StandaloneConfig.load().getValue("example.mode", String.class)).isEqualTo("prod-value");
    }
}
