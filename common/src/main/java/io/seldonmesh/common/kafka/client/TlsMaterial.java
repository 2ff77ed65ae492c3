package io.seldonmesh.common.kafka.client;

import io.seldonmesh.common.config.InvalidSettingException;
import io.seldonmesh.common.config.PemFile;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One consistent set of client TLS material built from PEM file contents: the SSL context new connections use, the
 * key and trust stores behind it, and a description fit for a log line (subjects, serials, expiry and certificate
 * fingerprints; never the key).
 */
record TlsMaterial(SSLContext context, KeyStore keystore, KeyStore truststore, String digest, String description) {

    // The stores live only in memory; PKCS12 wants some password for the key entry.
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    /**
     * @param snapshots key, certificate, client CA, broker CA, in this order; {@code null} where not configured
     */
    static TlsMaterial build(List<CredentialFile.Snapshot> snapshots, String protocol) throws GeneralSecurityException {
        CredentialFile.Snapshot key = snapshots.get(0);
        CredentialFile.Snapshot certificate = snapshots.get(1);
        CredentialFile.Snapshot clientCa = snapshots.get(2);
        CredentialFile.Snapshot brokerCa = snapshots.get(3);
        List<String> description = new ArrayList<>();

        KeyStore keystore = null;
        KeyManagerFactory keyManagers = null;
        if (key != null && certificate != null) {
            PrivateKey privateKey = PemFile.privateKey(key.file().variable(), key.file().path().toString(), key.content());
            List<X509Certificate> chain = new ArrayList<>(certificates(certificate));
            if (!PemFile.keyMatchesCertificate(privateKey, chain.get(0))) {
                throw new InvalidSettingException(key.file() + " is not the key of the certificate in " + certificate.file()
                        + " (" + chain.get(0).getSubjectX500Principal().getName() + ")");
            }
            if (clientCa != null) {
                extendChain(chain, certificates(clientCa));
            }
            keystore = emptyStore();
            try {
                keystore.setKeyEntry("client", privateKey, IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
            } catch (KeyStoreException e) {
                throw new InvalidSettingException(certificate.file() + " does not hold a usable certificate chain ("
                        + e.getMessage() + "): put the client certificate first, then the CAs that issued it, in order");
            }
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keystore, IN_MEMORY_PASSWORD);
            description.add("client certificate " + describe(chain.get(0)) + " from " + certificate.file());
        }

        KeyStore truststore = null;
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (brokerCa != null) {
            truststore = emptyStore();
            List<X509Certificate> authorities = certificates(brokerCa);
            for (int i = 0; i < authorities.size(); i++) {
                truststore.setCertificateEntry("broker-ca-" + i, authorities.get(i));
            }
            description.add("broker CA " + describe(authorities.get(0))
                    + (authorities.size() > 1 ? " (+" + (authorities.size() - 1) + " more)" : "") + " from " + brokerCa.file());
        } else {
            description.add("broker verified against the JVM's default CAs");
        }
        trustManagers.init(truststore);

        SSLContext context = SSLContext.getInstance(protocol);
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return new TlsMaterial(context, keystore, truststore, digestOf(snapshots), String.join("; ", description));
    }

    /**
     * Appends the certificates of the client CA file that issued the chain so far, in issuing order, so a broker
     * that trusts only the root can verify a certificate from an intermediate. Certificates that issued nothing in
     * the chain are left out: Seldon's {@code ca.crt} is sometimes the broker's CA, and a foreign certificate in the
     * chain would make the key store refuse the whole identity.
     */
    private static void extendChain(List<X509Certificate> chain, List<X509Certificate> authorities) {
        boolean extended = true;
        while (extended) {
            X509Certificate last = chain.get(chain.size() - 1);
            extended = false;
            if (last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
                return;
            }
            for (X509Certificate authority : authorities) {
                if (!chain.contains(authority) && authority.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
                    chain.add(authority);
                    extended = true;
                    break;
                }
            }
        }
    }

    static String digestOf(List<CredentialFile.Snapshot> snapshots) {
        return CredentialFile.digest(snapshots.stream()
                .map(s -> s == null ? new byte[0] : s.content())
                .toArray(byte[][]::new));
    }

    static String describe(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName() + " issued by " + certificate.getIssuerX500Principal().getName()
                + " serial " + certificate.getSerialNumber().toString(16)
                + " valid until " + certificate.getNotAfter().toInstant() + " sha256 " + fingerprint(certificate);
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a parsed certificate re-encodes", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new KeyStoreException("an empty in-memory key store cannot be created", e);
        }
        return store;
    }

    private static List<X509Certificate> certificates(CredentialFile.Snapshot snapshot) {
        return PemFile.certificates(snapshot.file().variable(), snapshot.file().path().toString(),
                Objects.requireNonNull(snapshot.content()));
    }
}
