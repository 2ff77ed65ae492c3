package io.seldonmesh.modelfetcher;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The configuration the command-line doctor is given (service-runtime's standalone configuration: the variables
 * over the fetcher's application.properties, profile {@code prod}), with chosen variables in place of the process's.
 */
final class CommandLineConfig {

    private CommandLineConfig() {
    }

    static Config of(Map<String, String> variables) {
        URL properties = CommandLineConfig.class.getResource("/application.properties");
        try {
            return new SmallRyeConfigBuilder()
                    .addDefaultInterceptors()
                    .withProfile("prod")
                    .withSources(new PropertiesConfigSource(properties, 250))
                    .withSources(new PropertiesConfigSource(variables, "environment", 300))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
