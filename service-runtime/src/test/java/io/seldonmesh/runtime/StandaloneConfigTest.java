package io.seldonmesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;

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
    void productionProfileApplies() {
        assertThat(StandaloneConfig.load().getValue("example.mode", String.class)).isEqualTo("prod-value");
    }
}
