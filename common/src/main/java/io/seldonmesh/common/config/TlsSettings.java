package io.seldonmesh.common.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The TLS files of {@code KAFKA_SECURITY_PROTOCOL=SSL} or {@code SASL_SSL}, as Seldon mounts them.
 *
 * @param clientKey                     {@code KAFKA_CLIENT_TLS_KEY_LOCATION}: the client's private key (mTLS)
 * @param clientCertificate             {@code KAFKA_CLIENT_TLS_CRT_LOCATION}: the client's certificate (mTLS)
 * @param clientCa                      {@code KAFKA_CLIENT_TLS_CA_LOCATION}: the chain that issued the client
 *                                      certificate; sent after it so brokers that trust only the root accept it
 * @param brokerCa                      {@code KAFKA_BROKER_TLS_CA_LOCATION}: the CAs that verify the broker;
 *                                      without it the JVM's default trust store is used (public CAs)
 * @param endpointIdentificationAlgorithm {@code KAFKA_CLIENT_TLS_ENDPOINT_IDENTIFICATION_ALGORITHM}: {@code https}
 *                                      checks the broker host name against its certificate, empty turns it off
 */
public record TlsSettings(
        Optional<Path> clientKey,
        Optional<Path> clientCertificate,
        Optional<Path> clientCa,
        Optional<Path> brokerCa,
        String endpointIdentificationAlgorithm) {

    /** The client presents a certificate: mutual TLS. */
    public boolean mutual() {
        return clientKey.isPresent();
    }

    /** Any file at all: then the reloading engine factory owns the SSL context, else the JVM defaults do. */
    public boolean hasFiles() {
        return clientKey.isPresent() || brokerCa.isPresent();
    }
}
