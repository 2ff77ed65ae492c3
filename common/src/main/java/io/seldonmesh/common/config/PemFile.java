package io.seldonmesh.common.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM files of a Kubernetes TLS secret ({@code tls.key}, {@code tls.crt}, {@code ca.crt}). Keys may be
 * PKCS#8, PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, cert-manager's default) or SEC1 ({@code BEGIN EC PRIVATE KEY});
 * errors name the variable and the file, so they read the same at start-up and on a later reload.
 */
public final class PemFile {

    private PemFile() {
    }

    public static List<X509Certificate> certificates(String variable, String location, byte[] content) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : objects(variable, location, content)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (GeneralSecurityException e) {
                    throw malformed(variable, location, "a certificate in it cannot be decoded (" + e.getMessage() + ")");
                }
            }
        }
        if (certificates.isEmpty()) {
            throw malformed(variable, location, "it holds no CERTIFICATE block");
        }
        return List.copyOf(certificates);
    }

    public static PrivateKey privateKey(String variable, String location, byte[] content) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : objects(variable, location, content)) {
            try {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            } catch (IOException e) {
                throw malformed(variable, location, "its private key cannot be decoded (" + e.getMessage() + ")");
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw malformed(variable, location, "its private key is encrypted; mount the unencrypted key, as Kubernetes TLS secrets hold it");
            }
        }
        throw malformed(variable, location, "it holds no PRIVATE KEY block");
    }

    /**
     * Proves that the key belongs to the first certificate by signing with one and verifying with the other: a
     * mismatched pair otherwise surfaces only as an opaque handshake failure on the broker side.
     */
    public static boolean keyMatchesCertificate(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        byte[] challenge = "seldon-mesh key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            PublicKey publicKey = certificate.getPublicKey();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<Object> objects(String variable, String location, byte[] content) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(new String(content, StandardCharsets.US_ASCII)))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw malformed(variable, location, "it is not valid PEM (" + e.getMessage() + ")");
        }
        return objects;
    }

    private static InvalidSettingException malformed(String variable, String location, String reason) {
        return new InvalidSettingException(variable + "=" + location + " is not a usable PEM file: " + reason);
    }
}
