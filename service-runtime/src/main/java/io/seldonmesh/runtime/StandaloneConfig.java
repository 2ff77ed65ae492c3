package io.seldonmesh.runtime;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A service's configuration without starting Quarkus: variables over the service's {@code application.properties},
 * with its {@code ${VARIABLE:default}} expressions and {@code %prod.} entries resolved as Quarkus would. The
 * command-line doctor reads it from the process's environment, so it checks the defaults the service would use;
 * tests read a service's {@code @ConfigMapping} from it with the variables they choose.
 */
public final class StandaloneConfig {

    /** Quarkus reads application.properties at this ordinal, below the environment (300). */
    private static final int APPLICATION_PROPERTIES_ORDINAL = 250;
    private static final int ENVIRONMENT_ORDINAL = 300;

    private StandaloneConfig() {
    }

    /** The process's environment and system properties over application.properties. */
    static SmallRyeConfig load() {
        return builder().addDefaultSources().build();
    }

    /** The service's mapping as it would read these variables (and nothing else of the process's environment). */
    public static <T> T mapping(Class<T> type, Map<String, String> environment) {
        return builder()
                .withSources(new PropertiesConfigSource(environment, "environment", ENVIRONMENT_ORDINAL))
                .withMapping(type)
                .build()
                .getConfigMapping(type);
    }

    /**
     * The service's mapping over a configuration built without it, such as the command-line doctor's
     * ({@link #load()}): the same sources and profiles, so a service's own doctor checks see the settings the service
     * would run with, whether the doctor runs from the command line or inside the running service.
     */
    public static <T> T mapping(Class<T> type, Config config) {
        SmallRyeConfig given = config.unwrap(SmallRyeConfig.class);
        List<ConfigSource> sources = new ArrayList<>();
        given.getConfigSources().forEach(sources::add);
        return withQuarkusConverters(new SmallRyeConfigBuilder())
                .addDefaultInterceptors()
                .withProfiles(given.getProfiles())
                .withSources(sources)
                .withMapping(type)
                .build()
                .getConfigMapping(type);
    }

    /**
     * All of the service's configuration as it would read these variables (and nothing else of the process's
     * environment), for tests of checks that read more than the service's mapping: a variable also sets the property
     * it names, as {@code KUBERNETES_MASTER} sets {@code kubernetes.master}.
     */
    public static SmallRyeConfig withVariables(Map<String, String> environment) {
        return builder().withSources(new EnvConfigSource(environment, ENVIRONMENT_ORDINAL)).build();
    }

    private static SmallRyeConfigBuilder builder() {
        SmallRyeConfigBuilder builder = withQuarkusConverters(new SmallRyeConfigBuilder())
                .addDefaultInterceptors()
                .withProfile("prod");
        try {
            for (URL file : Collections.list(
                    StandaloneConfig.class.getClassLoader().getResources("application.properties"))) {
                builder.withSources(new PropertiesConfigSource(file, APPLICATION_PROPERTIES_ORDINAL));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service's application.properties", e);
        }
        return builder;
    }

    /** Values Quarkus reads in its own way: durations as {@code 5s}, memory sizes as {@code 32M}, paths. */
    private static SmallRyeConfigBuilder withQuarkusConverters(SmallRyeConfigBuilder builder) {
        return builder.withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Path.class, 100, new PathConverter());
    }
}
