package io.seldonmesh.secretsync.core;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads PEM certificates and private keys with BouncyCastle, which (unlike the JDK) understands every
 * form operators paste into a Secret: PKCS#8, PKCS#1 RSA and SEC1 EC keys. Problems are described without
 * quoting the material, since a key's text must never reach a log line or an Event.
 */
public final class PemMaterial {

    private static final byte[] CHALLENGE = "secret-sync key match".getBytes(StandardCharsets.US_ASCII);

    private PemMaterial() {
    }

    /** A problem with the material of one key, phrased for a person. */
    public static final class PemProblem extends Exception {
        public PemProblem(String message) {
            super(message, null, false, false);
        }
    }

    /** Every certificate in the text, in order; at least one. */
    public static List<X509Certificate> certificates(String key, byte[] pem) throws PemProblem {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : objects(key, pem)) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new PemProblem(key + " holds a " + describe(object) + " where certificates were expected");
            }
            try {
                certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
            } catch (CertificateException e) {
                throw new PemProblem(key + " holds a certificate the JDK cannot read (" + e.getClass().getSimpleName() + ")");
            }
        }
        return certificates;
    }

    /** The one unencrypted private key in the text. */
    public static PrivateKey privateKey(String key, byte[] pem) throws PemProblem {
        List<Object> objects = objects(key, pem);
        if (objects.size() != 1) {
            throw new PemProblem(key + " holds " + objects.size() + " PEM blocks; expected exactly one private key");
        }
        Object object = objects.get(0);
        if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new PemProblem(key + " holds an encrypted private key; Seldon Core 2 has no setting for a key "
                    + "password, so store the key unencrypted (PKCS#8)");
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            // only the private part: a SEC1 EC key may omit its public key
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw new PemProblem(key + " holds a private key the JDK cannot read (" + e.getClass().getSimpleName() + ")");
        }
        throw new PemProblem(key + " holds a " + describe(object) + " where a private key was expected");
    }

    /** Whether the certificate's public key belongs to this private key: a signature made with one verifies with the other. */
    public static boolean matches(PrivateKey privateKey, X509Certificate certificate) throws PemProblem {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> throw new PemProblem("the private key's algorithm " + privateKey.getAlgorithm()
                    + " is not one Kafka clients use (RSA, EC, Ed25519)");
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey, new SecureRandom());
            signer.update(CHALLENGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(CHALLENGE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // a key of another algorithm than the certificate's, or a different curve: not a match
            return false;
        }
    }

    private static List<Object> objects(String key, byte[] pem) throws PemProblem {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new PemProblem(key + " is not valid PEM: a block is malformed (" + e.getClass().getSimpleName() + ")");
        }
        if (objects.isEmpty()) {
            throw new PemProblem(key + " holds no PEM block (-----BEGIN ...-----)");
        }
        return objects;
    }

    private static String describe(Object object) {
        String name = object.getClass().getSimpleName();
        return switch (name) {
            case "X509CertificateHolder" -> "certificate";
            case "PEMKeyPair", "PrivateKeyInfo" -> "private key";
            case "SubjectPublicKeyInfo" -> "public key";
            case "PKCS10CertificationRequest" -> "certificate signing request";
            default -> name;
        };
    }
}
