package io.seldonmesh.common.kafka.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A secret volume laid out the way the kubelet writes one: the files live in a timestamped directory, {@code ..data}
 * links to it, and each key is a link through {@code ..data}. An update writes a new directory and swaps the
 * {@code ..data} link atomically, so the paths the application holds never change, only what they resolve to.
 */
public final class MountedSecret {

    private final Path root;
    private final AtomicInteger version = new AtomicInteger();

    private MountedSecret(Path root) {
        this.root = root;
    }

    public static MountedSecret create(Path root, Map<String, byte[]> keys) throws IOException {
        MountedSecret secret = new MountedSecret(Files.createDirectories(root));
        secret.update(keys);
        for (String key : keys.keySet()) {
            Files.createSymbolicLink(root.resolve(key), Path.of("..data").resolve(key));
        }
        return secret;
    }

    public Path path(String key) {
        return root.resolve(key);
    }

    public Path directory() {
        return root;
    }

    /** Replaces every key at once, as a Secret update does. */
    public void update(Map<String, byte[]> keys) throws IOException {
        Path data = Files.createDirectory(root.resolve("..2026_01_01_00_00_0" + version.incrementAndGet()));
        for (Map.Entry<String, byte[]> key : keys.entrySet()) {
            Files.write(data.resolve(key.getKey()), key.getValue());
        }
        Path link = root.resolve("..data_tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, data.getFileName());
        Files.move(link, root.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
