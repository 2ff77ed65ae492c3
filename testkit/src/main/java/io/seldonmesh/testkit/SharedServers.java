package io.seldonmesh.testkit;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * One server of each kind per test JVM, started on first use and stopped when the JVM exits.
 * Do not close them: other test classes in the same JVM use them too. Tests that need special
 * broker settings (ACLs, a small message.max.bytes) build their own {@link KafkaBroker}.
 * <p>
 * A start that failed is not retried by later callers; they get the same failure at once
 * instead of waiting for another start-up timeout.
 */
public final class SharedServers {

    /** The SCRAM user of the shared broker (SCRAM-SHA-256 and SCRAM-SHA-512). */
    public static final String SCRAM_USER = "scram-user";
    public static final String SCRAM_PASSWORD = "scram-user-secret";
    /** A bucket that exists on the shared S3 server from the start. */
    public static final String S3_BUCKET = "testkit";

    private static final Lazy<OAuthServer> OAUTH = new Lazy<>("OAuth server", () -> {
        OAuthServer server = OAuthServer.builder().addIssuer("other", "not-kafka", Duration.ofMinutes(5)).start();
        server.allowUrlsInThisJvm();
        return server;
    });
    private static final Lazy<KafkaBroker> KAFKA = new Lazy<>("Kafka broker", () -> KafkaBroker.builder()
            .withScramUser(SCRAM_USER, SCRAM_PASSWORD)
            .withMtls()
            .withOAuth(oauth())
            .start());
    private static final Lazy<S3Server> S3 = new Lazy<>("S3 server", () -> S3Server.builder().bucket(S3_BUCKET).start());

    private SharedServers() {
    }

    /**
     * The shared OAuth server: default issuer {@code testkit} (audience {@code kafka}) plus issuer
     * {@code other} (audience {@code not-kafka}, for rejection tests). Its URLs are added to this
     * JVM's {@value OAuthServer#ALLOWED_URLS_PROPERTY}.
     */
    public static OAuthServer oauth() {
        return OAUTH.get();
    }

    /**
     * The shared broker with every listener: PLAINTEXT, SCRAM ({@link #SCRAM_USER}), MTLS
     * (certificate CN {@code client}) and OAUTH (tokens of {@link #oauth()}'s default issuer). No ACLs.
     */
    public static KafkaBroker kafka() {
        return KAFKA.get();
    }

    /** The shared S3 server with bucket {@link #S3_BUCKET}. */
    public static S3Server s3() {
        return S3.get();
    }

    private static final class Lazy<T> {
        private final String name;
        private final Supplier<T> starter;
        private T value;
        private RuntimeException failure;

        Lazy(String name, Supplier<T> starter) {
            this.name = name;
            this.starter = starter;
        }

        synchronized T get() {
            if (failure != null) {
                throw new IllegalStateException("the shared " + name + " failed to start earlier in this JVM", failure);
            }
            if (value == null) {
                try {
                    value = starter.get();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
            }
            return value;
        }
    }
}
