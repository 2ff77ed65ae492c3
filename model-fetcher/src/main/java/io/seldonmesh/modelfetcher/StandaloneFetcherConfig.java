package io.seldonmesh.modelfetcher;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * {@link FetcherConfig} from a configuration Quarkus did not build: the command-line doctor's (service-runtime's
 * standalone configuration, the environment over application.properties), which knows neither the mapping nor
 * Quarkus's converters of durations ({@code 5s}), memory sizes ({@code 32M}) and paths. Same sources, same profiles,
 * so the doctor sees the settings the service would run with.
 */
final class StandaloneFetcherConfig {

    private StandaloneFetcherConfig() {
    }

    static FetcherConfig of(Config config) {
        SmallRyeConfig given = config.unwrap(SmallRyeConfig.class);
        List<ConfigSource> sources = new ArrayList<>();
        given.getConfigSources().forEach(sources::add);
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfiles(given.getProfiles())
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(Path.class, 100, new PathConverter())
                .withSources(sources)
                .withMapping(FetcherConfig.class)
                .build()
                .getConfigMapping(FetcherConfig.class);
    }
}
