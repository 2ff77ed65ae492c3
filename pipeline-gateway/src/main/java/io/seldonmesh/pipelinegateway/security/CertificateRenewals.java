package io.seldonmesh.pipelinegateway.security;

import io.quarkus.tls.CertificateUpdatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigInteger;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One log line when the listeners start serving a renewed certificate. The TLS registry reads the files again every
 * reload period whether they changed or not; only a new serial number is news.
 */
@ApplicationScoped
public class CertificateRenewals {

    private static final Logger LOG = Logger.getLogger(CertificateRenewals.class);

    private BigInteger serial;

    synchronized void renewed(@Observes CertificateUpdatedEvent event) {
        if (!ServerTls.REGISTRY_NAME.equals(event.name())) {
            return;
        }
        served(event.tlsConfiguration().getKeyStore()).ifPresent(certificate -> {
            if (serial != null && !serial.equals(certificate.getSerialNumber())) {
                LOG.infof("listeners now serve certificate %s (serial %s, valid until %s) to new connections",
                        certificate.getSubjectX500Principal().getName(), certificate.getSerialNumber().toString(16),
                        certificate.getNotAfter().toInstant());
            }
            serial = certificate.getSerialNumber();
        });
    }

    private static Optional<X509Certificate> served(KeyStore keyStore) {
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                Certificate certificate = keyStore.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    return Optional.of(x509);
                }
            }
            return Optional.empty();
        } catch (KeyStoreException unreadable) {
            return Optional.empty();
        }
    }
}
