package io.seldonmesh.testkit;

import java.nio.file.Path;
import java.util.List;

/**
 * A CA, a broker certificate and client certificates as PEM files in one directory:
 * <pre>
 * ca.crt                      the CA the broker trusts (clients verify the broker with it too)
 * broker.crt, broker.key      SAN 127.0.0.1 and localhost
 * broker.pem                  broker key + certificate chain (a Kafka PEM keystore file)
 * clients/&lt;cn&gt;.crt, .key      client identities signed by the CA
 * servers/&lt;cn&gt;.crt, .key      more server identities (SAN 127.0.0.1 and localhost) signed by the CA
 * untrusted/&lt;cn&gt;.crt, .key    signed by a different CA the broker does not trust
 * untrusted/ca.crt            that other CA
 * </pre>
 * Issuing a client or server certificate again for the same CN writes a new key and serial over
 * the same paths, the way a certificate renewal looks to a process watching the files.
 */
public final class TestCertificates {

    public static final String DEFAULT_CLIENT = "client";

    private final Path directory;
    private final CertificateAuthority authority;
    private final CertificateAuthority untrustedAuthority;

    private TestCertificates(Path directory) {
        this.directory = directory;
        this.authority = CertificateAuthority.create("testkit-ca");
        this.untrustedAuthority = CertificateAuthority.create("testkit-untrusted-ca");
        PemFiles.write(caCertificate(), PemFiles.certificates(List.of(authority.certificate())));
        PemFiles.write(directory.resolve("untrusted").resolve("ca.crt"),
                PemFiles.certificates(List.of(untrustedAuthority.certificate())));
        CertificateAuthority.Issued broker = authority.issueServer("broker");
        String chain = PemFiles.certificates(List.of(broker.certificate(), authority.certificate()));
        String key = PemFiles.privateKey(broker.privateKey());
        PemFiles.write(brokerCertificate(), chain);
        PemFiles.write(brokerKey(), key);
        PemFiles.write(brokerKeyStore(), key + chain);
        issueClient(DEFAULT_CLIENT);
    }

    /** Creates the CAs, the broker certificate and the default client certificate in {@code directory}. */
    public static TestCertificates create(Path directory) {
        return new TestCertificates(directory);
    }

    public Path directory() {
        return directory;
    }

    public Path caCertificate() {
        return directory.resolve("ca.crt");
    }

    public Path brokerCertificate() {
        return directory.resolve("broker.crt");
    }

    public Path brokerKey() {
        return directory.resolve("broker.key");
    }

    /** Private key followed by the certificate chain: what Kafka's {@code ssl.keystore.location} takes with type PEM. */
    public Path brokerKeyStore() {
        return directory.resolve("broker.pem");
    }

    /** The client certificate with CN {@value #DEFAULT_CLIENT}, issued at creation. */
    public ClientCertificate client() {
        return clientFiles(DEFAULT_CLIENT);
    }

    /** Issues (or renews: new key, new serial, same paths) a client certificate signed by the trusted CA. */
    public ClientCertificate issueClient(String commonName) {
        ClientCertificate files = clientFiles(commonName);
        write(authority.issueClient(commonName), files);
        return files;
    }

    /**
     * Issues (or renews: new key, new serial, same paths) a server certificate for 127.0.0.1 and
     * localhost signed by the trusted CA; the certificate file holds the chain up to the CA.
     */
    public ServerCertificate issueServer(String commonName) {
        Path dir = directory.resolve("servers");
        ServerCertificate files = new ServerCertificate(commonName, dir.resolve(fileName(commonName) + ".crt"),
                dir.resolve(fileName(commonName) + ".key"));
        CertificateAuthority.Issued issued = authority.issueServer(commonName);
        PemFiles.write(files.privateKey(), PemFiles.privateKey(issued.privateKey()));
        PemFiles.write(files.certificate(), PemFiles.certificates(List.of(issued.certificate(),
                authority.certificate())));
        return files;
    }

    /** A client certificate signed by a CA the broker does not trust; the broker must reject it. */
    public ClientCertificate issueUntrustedClient(String commonName) {
        Path dir = directory.resolve("untrusted");
        ClientCertificate files = new ClientCertificate(commonName, dir.resolve(fileName(commonName) + ".crt"),
                dir.resolve(fileName(commonName) + ".key"), caCertificate());
        write(untrustedAuthority.issueClient(commonName), files);
        return files;
    }

    private ClientCertificate clientFiles(String commonName) {
        Path dir = directory.resolve("clients");
        return new ClientCertificate(commonName, dir.resolve(fileName(commonName) + ".crt"),
                dir.resolve(fileName(commonName) + ".key"), caCertificate());
    }

    private static void write(CertificateAuthority.Issued issued, ClientCertificate files) {
        PemFiles.write(files.privateKey(), PemFiles.privateKey(issued.privateKey()));
        PemFiles.write(files.certificate(), PemFiles.certificates(List.of(issued.certificate())));
    }

    private static String fileName(String commonName) {
        if (!commonName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("client common name '" + commonName
                    + "' must match [A-Za-z0-9._-]+ (it becomes a file name and a Kafka principal)");
        }
        return commonName;
    }
}
