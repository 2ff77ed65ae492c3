package io.seldonmesh.modelserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.runtime.StandaloneConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's settings as application.properties maps its environment variables, defaults included. */
class ModelServerConfigTest {

    private static ModelServerConfig config(Map<String, String> environment) {
        return StandaloneConfig.mapping(ModelServerConfig.class, environment);
    }

    @Test
    void everySettingHasItsDefaultInOnePlace() {
        ModelServerConfig defaults = config(Map.of());

        assertThat(defaults.modelsRoot()).isEqualTo(Path.of("/mnt/models"));
        assertThat(defaults.loadAtStartup()).isEmpty();
    }

    @Test
    void everySettingIsReadFromItsVariable() {
        ModelServerConfig set = config(Map.of("MODELS_ROOT", "/srv/models", "MODELS_LOAD_AT_STARTUP", "iris,add10"));

        assertThat(set.modelsRoot()).isEqualTo(Path.of("/srv/models"));
        assertThat(set.loadAtStartup()).contains(List.of("iris", "add10"));
    }
}
