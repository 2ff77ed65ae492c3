package io.seldonmesh.modelfetcher;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@link FetcherConfig} as the running service reads it (application.properties, its variables and defaults, with
 * Quarkus's converters), from a map of variables and without Quarkus: the command-line doctor runs before, and
 * without, the service starting, and must see the same settings.
 */
final class FetcherConfigFromVariables {

    private FetcherConfigFromVariables() {
    }

    static FetcherConfig read(Map<String, String> variables) {
        URL properties = FetcherConfigFromVariables.class.getResource("/application.properties");
        try {
            return new SmallRyeConfigBuilder()
                    .addDefaultInterceptors()
                    .withConverter(Duration.class, 100, new DurationConverter())
                    .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                    .withConverter(Path.class, 100, new PathConverter())
                    .withSources(new PropertiesConfigSource(properties, 100))
                    .withSources(new PropertiesConfigSource(variables, "environment", 300))
                    .withMapping(FetcherConfig.class)
                    .build()
                    .getConfigMapping(FetcherConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fetcher's application.properties", e);
        }
    }
}
