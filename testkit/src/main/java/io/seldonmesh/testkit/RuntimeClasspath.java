package io.seldonmesh.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The classpath of a server, resolved by Maven when testkit/runtimes/&lt;name&gt; was built and stored
 * as the resource {@code io/seldonmesh/testkit/runtime/<name>.classpath} (absolute jar paths joined
 * by the path separator). Reading it at run time keeps the servers' jars off the test classpath.
 */
final class RuntimeClasspath {

    private RuntimeClasspath() {
    }

    static List<Path> of(String runtimeName) {
        String resource = "io/seldonmesh/testkit/runtime/" + runtimeName + ".classpath";
        String text;
        try (InputStream in = RuntimeClasspath.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is not on the classpath; "
                        + "depend on io.seldonmesh:testkit-runtime-" + runtimeName
                        + " (or run `mvn install` in testkit/runtimes)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + resource + ": " + e.getMessage(), e);
        }
        List<Path> jars = Arrays.stream(text.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(Path::of)
                .toList();
        for (Path jar : jars) {
            if (!Files.exists(jar)) {
                throw new IllegalStateException("the " + runtimeName + " runtime classpath names " + jar
                        + " which does not exist; rebuild testkit/runtimes/" + runtimeName
                        + " so its dependencies are downloaded again");
            }
        }
        return jars;
    }
}
