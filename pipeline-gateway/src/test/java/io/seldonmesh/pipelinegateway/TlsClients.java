package io.seldonmesh.pipelinegateway;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.seldonmesh.testkit.ClientCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Clients of a gateway serving TLS: trusting the test CA, with a client certificate or without one. */
public final class TlsClients {

    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private TlsClients() {
    }

    public static SSLContext context(Path ca, Optional<ClientCertificate> client) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", certificates(ca)[0]);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            if (client.isPresent()) {
                identity.setKeyEntry("client", privateKey(client.get().privateKey()), IN_MEMORY,
                        certificates(client.get().certificate()));
            }
            keys.init(identity, IN_MEMORY);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up a TLS client from " + ca + " and " + client, e);
        }
    }

    /** A gRPC channel to 127.0.0.1 (the server certificate's name) over TLS. */
    public static ManagedChannel grpc(int port, Path ca, Optional<ClientCertificate> client) {
        try {
            var ssl = GrpcSslContexts.forClient().trustManager(ca.toFile());
            client.ifPresent(certificate -> ssl.keyManager(certificate.certificate().toFile(),
                    certificate.privateKey().toFile()));
            return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(ssl.build()).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up a gRPC TLS client from " + ca, e);
        }
    }

    private static Certificate[] certificates(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
