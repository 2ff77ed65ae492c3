package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.seldonmesh.modelfetcher.core.ModelSecret;

/**
 * Secrets mounted as volumes: {@code <directory>/<secret-name>/<key>}, one file per key, as
 * Kubernetes writes them. Kubernetes' own bookkeeping entries ({@code ..data} and the timestamped
 * directory it points to) are not keys. Read at every use, so a rotated secret applies at once.
 */
public final class MountedSecrets implements SecretSource {

    private final Path directory;

    public MountedSecrets(Path directory) {
        this.directory = directory;
    }

    @Override
    public Optional<ModelSecret> find(String name) {
        Path secret = directory.resolve(name);
        if (name.contains("/") || !Files.isDirectory(secret)) {
            return Optional.empty();
        }
        Map<String, String> data = new HashMap<>();
        try (Stream<Path> entries = Files.list(secret)) {
            for (Path entry : entries.toList()) {
                String key = entry.getFileName().toString();
                if (!key.startsWith("..") && Files.isRegularFile(entry)) {
                    data.put(key, Files.readString(entry, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret " + secret, e);
        }
        return Optional.of(new ModelSecret(name, data));
    }

    @Override
    public String describe() {
        return "directory " + directory;
    }
}
