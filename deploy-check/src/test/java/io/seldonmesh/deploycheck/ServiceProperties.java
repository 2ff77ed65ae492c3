package io.seldonmesh.deploycheck;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's {@code application.properties} as the packaged service reads it (profile {@code prod}): which
 * variables it reads ({@code ${VARIABLE:default}} expressions, nested ones included) and what a property resolves
 * to for a container's environment. A variable set to an empty value wins over the default, as in Quarkus.
 */
final class ServiceProperties {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    // innermost first: a default holds no further expression
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9_.\"-]+)(?::([^${}]*))?}");

    private final Path file;
    private final Map<String, String> properties;

    private ServiceProperties(Path file, Map<String, String> properties) {
        this.file = file;
        this.properties = properties;
    }

    static ServiceProperties load(Path file) {
        Properties raw = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            raw.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> properties = new TreeMap<>();
        raw.stringPropertyNames().stream().filter(name -> !name.startsWith("%"))
                .forEach(name -> properties.put(name, raw.getProperty(name)));
        raw.stringPropertyNames().stream().filter(name -> name.startsWith("%prod."))
                .forEach(name -> properties.put(name.substring("%prod.".length()), raw.getProperty(name)));
        return new ServiceProperties(file, properties);
    }

    Path file() {
        return file;
    }

    /** Every environment variable an expression names. */
    Set<String> variables() {
        Set<String> variables = new TreeSet<>();
        for (String value : properties.values()) {
            Matcher matcher = VARIABLE.matcher(value);
            while (matcher.find()) {
                variables.add(matcher.group(1));
            }
        }
        return variables;
    }

    /** The property's value with the container's variables; empty when the file does not set it. */
    Optional<String> resolve(String property, Map<String, String> environment) {
        String value = properties.get(property);
        return value == null ? Optional.empty() : Optional.of(expand(value, environment, 0));
    }

    /** The HTTP port (Quarkus' default 8080 when the file sets none). */
    int httpPort(Map<String, String> environment) {
        return Integer.parseInt(resolve("quarkus.http.port", environment).orElse("8080"));
    }

    /** Every port the service listens on: HTTP, gRPC when it has a server of its own, a control port when set. */
    Set<Integer> ports(Map<String, String> environment) {
        Set<Integer> ports = new TreeSet<>(Set.of(httpPort(environment)));
        if ("true".equals(resolve("quarkus.grpc.server.use-separate-server", environment).orElse("false"))) {
            ports.add(Integer.parseInt(resolve("quarkus.grpc.server.port", environment).orElse("9000")));
        }
        // a listener of the service's own, such as pipeline-gateway's control API port, when its variable is set
        properties.keySet().stream().filter(key -> key.endsWith(".control.port"))
                .map(key -> resolve(key, environment).orElse("")).filter(port -> !port.isBlank())
                .forEach(port -> ports.add(Integer.parseInt(port)));
        return ports;
    }

    private String expand(String value, Map<String, String> environment, int depth) {
        if (depth > 10) {
            throw new IllegalStateException(file + ": expressions nested too deep in '" + value + "'");
        }
        String current = value;
        Matcher matcher = EXPRESSION.matcher(current);
        while (matcher.find()) {
            String key = matcher.group(1);
            String fallback = matcher.group(2) == null ? "" : matcher.group(2);
            String replacement;
            if (environment.containsKey(key)) {
                replacement = environment.get(key);
            } else if (properties.containsKey(key)) {
                replacement = expand(properties.get(key), environment, depth + 1);
            } else {
                replacement = fallback;
            }
            current = current.substring(0, matcher.start()) + replacement + current.substring(matcher.end());
            matcher = EXPRESSION.matcher(current);
        }
        return current;
    }
}
