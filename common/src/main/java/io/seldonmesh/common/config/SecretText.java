package io.seldonmesh.common.config;

import java.nio.charset.StandardCharsets;

/** The text of a mounted secret key, as the credential it holds. */
public final class SecretText {

    private SecretText() {
    }

    /**
     * UTF-8 text without its final line end: secrets made with {@code kubectl create secret --from-file} keep the
     * file's last newline, and no password or client secret ends in one.
     */
    public static String of(byte[] content) {
        return new String(content, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
    }
}
