package io.seldonmesh.testkit;

/**
 * The client-facing listeners a {@link KafkaBroker} can open, each on its own port on 127.0.0.1.
 * Every TLS listener uses the broker certificate of {@link TestCertificates} (SAN 127.0.0.1).
 */
public enum Listener {
    /** No authentication; principal {@code User:ANONYMOUS}, a super user when ACLs are on. Always open. */
    PLAINTEXT("PLAINTEXT", "PLAINTEXT"),
    /** SCRAM-SHA-256 and SCRAM-SHA-512 over TLS, as on AWS MSK; principal {@code User:<username>}. */
    SCRAM("SCRAM", "SASL_SSL"),
    /** TLS with a required client certificate; principal {@code User:<certificate CN>}. */
    MTLS("MTLS", "SSL"),
    /** OAUTHBEARER over TLS, tokens checked against the OAuthServer JWKS; principal {@code User:<sub>}. */
    OAUTH("OAUTH", "SASL_SSL");

    private final String listenerName;
    private final String securityProtocol;

    Listener(String listenerName, String securityProtocol) {
        this.listenerName = listenerName;
        this.securityProtocol = securityProtocol;
    }

    /** The name in the broker's {@code listeners} setting (lower case in {@code listener.name.<name>.*}). */
    public String listenerName() {
        return listenerName;
    }

    /** The value for a client's {@code security.protocol}. */
    public String securityProtocol() {
        return securityProtocol;
    }
}
