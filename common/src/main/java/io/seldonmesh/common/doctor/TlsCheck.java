package io.seldonmesh.common.doctor;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.config.TlsSettings;
import io.seldonmesh.common.kafka.client.KafkaClientProperties;
import io.seldonmesh.common.kafka.client.KafkaErrorExplainer;
import io.seldonmesh.common.kafka.client.ReloadingPemSslEngineFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * A TLS handshake with one broker, with exactly the material the Kafka clients would use (the same PEM files
 * through the same engine factory, or the JVM's CAs), reported with the broker's certificate.
 */
final class TlsCheck {

    static final String LAYER = "tls";
    private static final int TIMEOUT_MS = 5000;
    // With TLS 1.3 a broker that refuses the client certificate says so just after the handshake: wait that long.
    private static final int REJECTION_WAIT_MS = 1000;

    private TlsCheck() {
    }

    /**
     * @param address a resolved address that keeps the host name it was resolved from: the JDK takes SNI and the
     *                host name check from it, as Kafka does from the bootstrap entry
     */
    static Finding examine(SeldonKafkaSettings settings, AddressCheck.Server server, InetSocketAddress address) {
        TlsSettings tls = settings.tls().orElseThrow();
        try (SSLSocket socket = (SSLSocket) context(settings, tls).getSocketFactory().createSocket()) {
            socket.connect(address, TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm(tls.endpointIdentificationAlgorithm().isEmpty() ? null : tls.endpointIdentificationAlgorithm());
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            X509Certificate broker = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            socket.setSoTimeout(REJECTION_WAIT_MS);
            try {
                if (socket.getInputStream().read() < 0) {
                    return Finding.fail(LAYER, "the broker at " + server + " closed the connection right after the TLS handshake: "
                            + "check that this port is a TLS listener for " + settings.securityProtocol().name);
                }
            } catch (SocketTimeoutException quiet) {
                // Silence is the good answer: the broker waits for a Kafka request.
            }
            return Finding.ok(LAYER, socket.getSession().getProtocol() + " with " + server + ", broker certificate "
                    + broker.getSubjectX500Principal().getName() + " issued by " + broker.getIssuerX500Principal().getName()
                    + (tls.mutual() ? "; client certificate accepted" : ""));
        } catch (IOException e) {
            String explanation = new KafkaErrorExplainer(settings).explain(new SslAuthenticationException(e.getMessage(), e), AclOperation.DESCRIBE);
            return Finding.fail(LAYER, explanation);
        } catch (GeneralSecurityException e) {
            return Finding.fail(LAYER, "the JVM cannot set up TLS: " + e.getMessage());
        }
    }

    private static SSLContext context(SeldonKafkaSettings settings, TlsSettings tls) throws GeneralSecurityException {
        if (!tls.hasFiles()) {
            return SSLContext.getDefault();
        }
        ReloadingPemSslEngineFactory factory = new ReloadingPemSslEngineFactory();
        factory.configure(new KafkaClientProperties(settings).connection());
        return factory.sslContext();
    }
}
