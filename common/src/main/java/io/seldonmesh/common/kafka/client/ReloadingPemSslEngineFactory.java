package io.seldonmesh.common.kafka.client;

import io.seldonmesh.common.config.InvalidSettingException;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SslEngineFactory;
import org.jboss.logging.Logger;

/**
 * Kafka client TLS from the PEM files of a mounted secret, renewed without a restart.
 *
 * <p>Kafka asks this factory for an {@link SSLEngine} for every new broker connection. Before answering, it reads the
 * files again and, when their content changed (cert-manager renewed the certificate, the CA was rotated), builds a
 * new SSL context: the new connection uses the new material while established connections keep theirs, so nothing in
 * flight is dropped or sent twice. A half-finished update (a key that does not match the certificate, an unparsable
 * file) is refused with a warning and the previous material stays in use until the files are consistent.
 *
 * <p>Configured through {@code ssl.engine.factory.class} and the {@code seldonmesh.tls.*} properties below, which
 * {@link KafkaClientProperties} sets from the Seldon variables.
 */
public final class ReloadingPemSslEngineFactory implements SslEngineFactory {

    public static final String KEY_LOCATION = "seldonmesh.tls.key.location";
    public static final String CERTIFICATE_LOCATION = "seldonmesh.tls.crt.location";
    public static final String CLIENT_CA_LOCATION = "seldonmesh.tls.client.ca.location";
    public static final String BROKER_CA_LOCATION = "seldonmesh.tls.broker.ca.location";

    private static final Logger LOG = Logger.getLogger(ReloadingPemSslEngineFactory.class);

    private Optional<CredentialFile> key;
    private Optional<CredentialFile> certificate;
    private Optional<CredentialFile> clientCa;
    private Optional<CredentialFile> brokerCa;
    private String protocol;
    private List<String> enabledProtocols;
    private List<String> cipherSuites;

    private TlsMaterial active;
    private String refusedDigest = "";

    @Override
    public void configure(Map<String, ?> configs) {
        key = file(configs, KEY_LOCATION, SeldonKafkaSettings.KAFKA_CLIENT_TLS_KEY_LOCATION);
        certificate = file(configs, CERTIFICATE_LOCATION, SeldonKafkaSettings.KAFKA_CLIENT_TLS_CRT_LOCATION);
        clientCa = file(configs, CLIENT_CA_LOCATION, SeldonKafkaSettings.KAFKA_CLIENT_TLS_CA_LOCATION);
        brokerCa = file(configs, BROKER_CA_LOCATION, SeldonKafkaSettings.KAFKA_BROKER_TLS_CA_LOCATION);
        protocol = Objects.requireNonNullElse((String) configs.get(SslConfigs.SSL_PROTOCOL_CONFIG), SslConfigs.DEFAULT_SSL_PROTOCOL);
        enabledProtocols = strings(configs.get(SslConfigs.SSL_ENABLED_PROTOCOLS_CONFIG));
        cipherSuites = strings(configs.get(SslConfigs.SSL_CIPHER_SUITES_CONFIG));
        try {
            active = TlsMaterial.build(read(), protocol);
        } catch (IOException | InvalidSettingException | GeneralSecurityException e) {
            throw new ConfigException("Kafka client TLS cannot start: " + e.getMessage());
        }
        LOG.infof("Loaded Kafka client TLS material: %s", active.description());
    }

    @Override
    public SSLEngine createClientSslEngine(String peerHost, int peerPort, String endpointIdentification) {
        SSLEngine engine = current().context().createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(
                endpointIdentification == null || endpointIdentification.isEmpty() ? null : endpointIdentification);
        if (!enabledProtocols.isEmpty()) {
            parameters.setProtocols(enabledProtocols.toArray(String[]::new));
        }
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    @Override
    public SSLEngine createServerSslEngine(String peerHost, int peerPort) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " serves Kafka clients only; brokers keep their own SSL settings");
    }

    /** Client-side material is reloaded from the files, never through Kafka's dynamic broker reconfiguration. */
    @Override
    public boolean shouldBeRebuilt(Map<String, Object> nextConfigs) {
        return false;
    }

    @Override
    public Set<String> reconfigurableConfigs() {
        return Set.of();
    }

    /** The SSL context the next connection gets (the files are checked first), for probes outside Kafka's clients. */
    public SSLContext sslContext() {
        return current().context();
    }

    @Override
    public synchronized KeyStore keystore() {
        return active.keystore();
    }

    @Override
    public synchronized KeyStore truststore() {
        return active.truststore();
    }

    @Override
    public void close() {
        // Nothing is held open: the files are read per connection and the SSL context is plain memory.
    }

    /** The material for a new connection: the files' current content when it is usable, else the last good one. */
    synchronized TlsMaterial current() {
        List<CredentialFile.Snapshot> snapshots;
        try {
            snapshots = read();
        } catch (IOException e) {
            LOG.warnf("Keeping the current Kafka client TLS material: a mounted file cannot be read (%s)", e.getMessage());
            return active;
        }
        String digest = TlsMaterial.digestOf(snapshots);
        if (digest.equals(active.digest()) || digest.equals(refusedDigest)) {
            return active;
        }
        try {
            active = TlsMaterial.build(snapshots, protocol);
            LOG.infof("Picked up new Kafka client TLS material for new connections: %s", active.description());
        } catch (InvalidSettingException | GeneralSecurityException e) {
            refusedDigest = digest;
            LOG.warnf("Keeping the current Kafka client TLS material; the changed files are not usable yet: %s", e.getMessage());
        }
        return active;
    }

    private List<CredentialFile.Snapshot> read() throws IOException {
        List<CredentialFile.Snapshot> snapshots = new ArrayList<>();
        for (Optional<CredentialFile> file : List.of(key, certificate, clientCa, brokerCa)) {
            snapshots.add(file.isPresent() ? file.get().read() : null);
        }
        return snapshots;
    }

    private static Optional<CredentialFile> file(Map<String, ?> configs, String property, String variable) {
        Object location = configs.get(property);
        if (location == null || location.toString().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new CredentialFile(variable, Path.of(location.toString())));
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return (List<String>) list;
        }
        if (value instanceof String text && !text.isBlank()) {
            return List.of(text.split("\\s*,\\s*"));
        }
        return List.of();
    }
}
