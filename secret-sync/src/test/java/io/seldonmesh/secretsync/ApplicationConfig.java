package io.seldonmesh.secretsync;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * secret-sync's configuration as the service reads it, without starting it: application.properties under an
 * environment (SmallRye's environment source, so a variable set to an empty value behaves as in a pod).
 */
final class ApplicationConfig {

    private ApplicationConfig() {
    }

    static SmallRyeConfig with(Map<String, String> environment) {
        try {
            return new SmallRyeConfigBuilder()
                    .addDefaultInterceptors()
                    .withSources(new PropertiesConfigSource(ApplicationConfig.class.getResource("/application.properties"),
                            250))
                    .withSources(new EnvConfigSource(environment, 300))
                    .withMapping(SecretSyncConfig.class)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret-sync's application.properties", e);
        }
    }
}
