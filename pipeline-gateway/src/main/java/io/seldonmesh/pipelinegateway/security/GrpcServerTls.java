package io.seldonmesh.pipelinegateway.security;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import io.vertx.grpc.VertxServerBuilder;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jboss.logging.Logger;

/**
 * TLS of the gRPC listener from the gateway's TLS registry entry. Quarkus' separate gRPC server takes only its own
 * {@code quarkus.grpc.server.ssl.*} files, read once; here its Netty server gets an SSL context whose key and trust
 * managers follow the registry entry, so a certificate the registry reloads is served to new connections while open
 * ones keep theirs, as on the REST listener.
 */
@Singleton
public class GrpcServerTls implements ServerBuilderCustomizer<VertxServerBuilder> {

    private static final Logger LOG = Logger.getLogger(GrpcServerTls.class);

    @Inject
    Optional<ServerTls> tls;

    @Inject
    TlsConfigurationRegistry registry;

    @Inject
    Vertx vertx;

    private volatile ReplaceableKeyManager keys;
    private volatile ReplaceableTrustManager trust;

    @Override
    public void customize(GrpcServerConfiguration config, VertxServerBuilder builder) {
        tls.ifPresent(settings -> {
            builder.nettyBuilder().sslContext(sslContext(settings));
            // Quarkus' own start-up line says "TLS enabled: false": it only knows quarkus.grpc.server.ssl.*
            LOG.infof("gRPC listener serves TLS from the TLS registry entry %s%s", ServerTls.REGISTRY_NAME,
                    settings.clientCa().isPresent() ? ", client certificates " + settings.clientAuth().name()
                            .toLowerCase(Locale.ROOT) : "");
        });
    }

    void reload(@Observes CertificateUpdatedEvent event) {
        if (keys != null && ServerTls.REGISTRY_NAME.equals(event.name())) {
            keys.replace(keyManager(event.tlsConfiguration()));
            if (trust != null) {
                trust.replace(trustManager(event.tlsConfiguration()));
            }
        }
    }

    private synchronized io.netty.handler.ssl.SslContext sslContext(ServerTls settings) {
        TlsConfiguration entry = registry.get(ServerTls.REGISTRY_NAME).orElseThrow(() -> new IllegalStateException(
                "the TLS registry has no entry '" + ServerTls.REGISTRY_NAME + "' although"
                        + " SELDON_GATEWAY_SECURITY_PROTOCOL=SSL; TlsRegistryProperties declares it"));
        keys = new ReplaceableKeyManager(keyManager(entry));
        SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forServer(keys), SslProvider.JDK);
        if (settings.clientCa().isPresent()) {
            trust = new ReplaceableTrustManager(trustManager(entry));
            builder.trustManager(trust).clientAuth(settings.clientAuth() == io.vertx.core.http.ClientAuth.REQUIRED
                    ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS of the gRPC listener with "
                    + settings.certificate() + ": " + e.getMessage(), e);
        }
    }

    private X509ExtendedKeyManager keyManager(TlsConfiguration entry) {
        try {
            KeyManager[] managers = entry.getKeyStoreOptions().getKeyManagerFactory(vertx).getKeyManagers();
            return Arrays.stream(managers).filter(X509ExtendedKeyManager.class::isInstance)
                    .map(X509ExtendedKeyManager.class::cast).findFirst().orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the gateway's key and certificate for the gRPC listener: "
                    + e.getMessage(), e);
        }
    }

    /** From the trust store itself: the registry's own trust managers need not be the extended kind Netty wants. */
    private static X509ExtendedTrustManager trustManager(TlsConfiguration entry) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(entry.getTrustStore());
            return Arrays.stream(factory.getTrustManagers()).filter(X509ExtendedTrustManager.class::isInstance)
                    .map(X509ExtendedTrustManager.class::cast).findFirst().orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the client CA for the gRPC listener: " + e.getMessage(), e);
        }
    }
}
