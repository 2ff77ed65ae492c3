package io.seldonmesh.runtime;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;

/**
 * The service's configuration without starting Quarkus, for {@code doctor} on the command line: the process
 * environment and system properties over the service's {@code application.properties}, with its
 * {@code ${VARIABLE:default}} expressions and {@code %prod.} entries resolved as Quarkus would, so the doctor checks
 * the same defaults the service would use.
 */
final class StandaloneConfig {

    /** Quarkus reads application.properties at this ordinal: below the environment (300), above built-in defaults. */
    private static final int APPLICATION_PROPERTIES_ORDINAL = 250;

    private StandaloneConfig() {
    }

    static SmallRyeConfig load() {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDefaultSources()
                .withProfile("prod");
        try {
            for (URL file : Collections.list(
                    StandaloneConfig.class.getClassLoader().getResources("application.properties"))) {
                builder.withSources(new PropertiesConfigSource(file, APPLICATION_PROPERTIES_ORDINAL));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service's application.properties", e);
        }
        return builder.build();
    }
}
