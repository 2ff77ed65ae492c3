package io.seldonmesh.common.kafka.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A mounted credential file, read afresh at each use. Kubernetes updates a secret volume by writing a new
 * timestamped directory and swapping the {@code ..data} symlink, so the path's own mtime may never change: a change
 * is recognised by the SHA-256 of the content instead. Reading a few hundred bytes per new connection costs nothing
 * next to the TLS or SASL handshake it precedes.
 *
 * @param variable the Seldon variable that named the file, for messages
 * @param path     the file
 */
record CredentialFile(String variable, Path path) {

    /** The content as it is now, with its digest (compare digests, never log secret content or its digest). */
    Snapshot read() throws IOException {
        byte[] content = Files.readAllBytes(path);
        Instant modified = Files.getLastModifiedTime(path).toInstant();
        return new Snapshot(this, content, digest(content), modified);
    }

    @Override
    public String toString() {
        return variable + "=" + path;
    }

    static String digest(byte[]... parts) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha256.update(part);
                sha256.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    record Snapshot(CredentialFile file, byte[] content, String digest, Instant modified) {
    }
}
