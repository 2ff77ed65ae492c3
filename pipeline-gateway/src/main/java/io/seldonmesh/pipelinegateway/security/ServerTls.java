package io.seldonmesh.pipelinegateway.security;

import io.seldonmesh.pipelinegateway.GatewayConfig;
import io.vertx.core.http.ClientAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * TLS of every listener of the gateway, from Seldon-style variables: the server's PEM key and certificate, and
 * optionally the CA that client certificates are verified with. One TLS registry entry ({@link #REGISTRY_NAME}) holds
 * them, reloaded every {@code reloadPeriod}.
 */
public record ServerTls(Path key, Path certificate, Optional<Path> clientCa, ClientAuth clientAuth,
                        Duration reloadPeriod) {

    /** The name of the gateway's entry in Quarkus' TLS registry. */
    public static final String REGISTRY_NAME = "seldon-gateway";

    /**
     * @return empty for {@code PLAINTEXT}
     * @throws IllegalArgumentException naming the variable, the value seen and what is expected
     */
    public static Optional<ServerTls> from(GatewayConfig.Tls tls) {
        String protocol = tls.protocol().trim().toUpperCase(Locale.ROOT);
        if (protocol.equals("PLAINTEXT")) {
            refuseWithoutTls("SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION", tls.keyLocation());
            refuseWithoutTls("SELDON_GATEWAY_SERVER_TLS_CRT_LOCATION", tls.certificateLocation());
            refuseWithoutTls("SELDON_GATEWAY_CLIENT_TLS_CA_LOCATION", tls.clientCaLocation());
            return Optional.empty();
        }
        if (!protocol.equals("SSL")) {
            throw new IllegalArgumentException("SELDON_GATEWAY_SECURITY_PROTOCOL='" + tls.protocol()
                    + "' is not a protocol of the gateway's listeners: use PLAINTEXT or SSL");
        }
        if (tls.reloadPeriod().isNegative() || tls.reloadPeriod().isZero()) {
            throw new IllegalArgumentException("SELDON_GATEWAY_TLS_RELOAD_PERIOD='" + tls.reloadPeriod()
                    + "' must be positive: how often the certificate files are read again, e.g. 10s");
        }
        Optional<Path> clientCa = tls.clientCaLocation()
                .map(ca -> readable("SELDON_GATEWAY_CLIENT_TLS_CA_LOCATION", ca));
        return Optional.of(new ServerTls(
                readable("SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION", required("SELDON_GATEWAY_SERVER_TLS_KEY_LOCATION",
                        tls.keyLocation())),
                readable("SELDON_GATEWAY_SERVER_TLS_CRT_LOCATION", required("SELDON_GATEWAY_SERVER_TLS_CRT_LOCATION",
                        tls.certificateLocation())),
                clientCa, clientAuth(tls.clientAuth(), clientCa.isPresent()), tls.reloadPeriod()));
    }

    private static ClientAuth clientAuth(String value, boolean withCa) {
        ClientAuth mode = switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "request" -> ClientAuth.REQUEST;
            case "required" -> ClientAuth.REQUIRED;
            default -> throw new IllegalArgumentException("SELDON_GATEWAY_CLIENT_TLS_AUTH='" + value + "' is not a"
                    + " client authentication mode: use request (a client certificate is asked for and checked when"
                    + " sent) or required (a TLS handshake without one fails)");
        };
        // without a CA nothing can verify a client certificate, so none is asked for
        return withCa ? mode : ClientAuth.NONE;
    }

    private static void refuseWithoutTls(String variable, Optional<String> value) {
        if (value.isPresent()) {
            throw new IllegalArgumentException(variable + "='" + value.get() + "' is set but"
                    + " SELDON_GATEWAY_SECURITY_PROTOCOL is PLAINTEXT: set it to SSL to serve TLS, or unset "
                    + variable);
        }
    }

    private static String required(String variable, Optional<String> value) {
        return value.orElseThrow(() -> new IllegalArgumentException(variable + " is not set but"
                + " SELDON_GATEWAY_SECURITY_PROTOCOL is SSL: give the path of the PEM file (e.g. tls.key / tls.crt of"
                + " a mounted kubernetes.io/tls Secret)"));
    }

    private static Path readable(String variable, String location) {
        Path path = Path.of(location.trim());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException(variable + "='" + location + "': no readable file there; give the path"
                    + " of a PEM file this process can read");
        }
        return path;
    }

    /** For the start-up log line: the certificate, client certificates and how often the files are read. */
    public String describe() {
        String clients = clientCa.map(ca -> ", client certificates " + clientAuth.name().toLowerCase(Locale.ROOT)
                + " (CA " + ca + ")").orElse("");
        return "TLS with " + certificate + clients + ", files read every " + reloadPeriod;
    }
}
