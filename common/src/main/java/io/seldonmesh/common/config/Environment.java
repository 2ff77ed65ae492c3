package io.seldonmesh.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Typed reads of environment variables, each failing with one line that names the variable, the value seen and what
 * is expected. A blank value counts as unset: Helm charts (Seldon's included) render unused settings as empty
 * strings, and an empty path or number is never what the operator meant.
 */
final class Environment {

    private final Map<String, String> variables;

    Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    Map<String, String> all() {
        return variables;
    }

    Optional<String> optional(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    String text(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    String required(String name, String expected) {
        return optional(name).orElseThrow(() -> new InvalidSettingException(name + " is required: " + expected));
    }

    String matching(String name, String defaultValue, Pattern pattern, String expected) {
        String value = text(name, defaultValue);
        if (!pattern.matcher(value).matches()) {
            throw invalid(name, value, expected);
        }
        return value;
    }

    String oneOf(String name, String defaultValue, List<String> allowed) {
        String value = text(name, defaultValue);
        if (!allowed.contains(value)) {
            throw new InvalidSettingException(name + "=" + value + " is not one of " + String.join(", ", allowed));
        }
        return value;
    }

    int integer(String name, int defaultValue, int minimum) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String expected = "a whole number >= " + minimum + " (at most " + Integer.MAX_VALUE + ")";
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed < minimum) {
                throw invalid(name, value.get(), expected);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw invalid(name, value.get(), expected);
        }
    }

    boolean bool(String name, boolean defaultValue) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, value.get(), "true or false");
        };
    }

    /** A mounted credential file: it must exist, be a readable regular file and hold something. */
    Path readableFile(String name, String requiredWhen) {
        return checkReadableFile(name, requiredLocation(name, requiredWhen));
    }

    Path requiredLocation(String name, String requiredWhen) {
        return Path.of(optional(name).orElseThrow(() -> new InvalidSettingException(name + " is required when " + requiredWhen)));
    }

    static Path checkReadableFile(String name, Path file) {
        String seen = name + "=" + file;
        if (!Files.exists(file)) {
            throw new InvalidSettingException(seen + " does not exist: mount the secret there or correct the path");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidSettingException(seen + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidSettingException(seen + " is not readable by this process: check the volume's defaultMode and the pod's user");
        }
        try {
            if (Files.size(file) == 0) {
                throw new InvalidSettingException(seen + " is empty: the secret key it comes from has no value");
            }
        } catch (java.io.IOException e) {
            throw new InvalidSettingException(seen + " cannot be read: " + e.getMessage(), e);
        }
        return file;
    }

    static InvalidSettingException invalid(String name, String value, String expected) {
        return new InvalidSettingException(name + "=" + value + " is not " + expected);
    }
}
