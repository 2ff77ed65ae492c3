package io.seldonmesh.cli;

import io.seldonmesh.common.spec.InvalidSpecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A Model or Pipeline file given with {@code -f}, read and validated here by common's parser before anything is sent:
 * a missing file, bad YAML, another kind or a bad name is exit 2 with every problem listed.
 */
record ResourceFile(Path path, String name, String document) {

    static ResourceFile read(Path path, ResourceKind kind) {
        String document;
        try {
            document = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput("file " + path + " does not exist");
        } catch (IOException e) {
            throw CliFailure.badInput("cannot read " + path + ": " + e.getMessage());
        }
        try {
            return new ResourceFile(path, kind.nameOf(document), document);
        } catch (InvalidSpecException e) {
            throw CliFailure.badInput(path + ": " + e.getMessage());
        }
    }

    /** What the control API is told the body is; it reads both, and JSON is YAML anyway. */
    String contentType() {
        return document.stripLeading().startsWith("{") ? "application/json" : "application/yaml";
    }
}
