package io.seldonmesh.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Writes certificates and unencrypted PKCS#8 keys as PEM. Each file is written to a temporary
 * sibling and moved into place, so a process watching the path never reads half a file.
 */
final class PemFiles {

    private PemFiles() {
    }

    static String certificates(List<X509Certificate> chain) {
        return pem(chain.toArray());
    }

    static String privateKey(PrivateKey key) {
        try {
            String pem = pem(new JcaPKCS8Generator(key, null).generate());
            UsedSecrets.recordPrivateKey(pem);
            return pem;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a private key as PKCS#8: " + e.getMessage(), e);
        }
    }

    static void write(Path file, String pem) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String pem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode PEM: " + e.getMessage(), e);
        }
        return text.toString();
    }
}
