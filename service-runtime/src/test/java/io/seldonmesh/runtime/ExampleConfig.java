package io.seldonmesh.runtime;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.time.Duration;

/** A service's mapping, of the kinds of values Quarkus converts in its own way. */
@ConfigMapping(prefix = "example")
interface ExampleConfig {

    Path modelsRoot();

    String mode();

    Duration checkInterval();

    MemorySize splitAbove();
}
