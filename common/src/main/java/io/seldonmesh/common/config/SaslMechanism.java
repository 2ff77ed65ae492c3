package io.seldonmesh.common.config;

import java.util.Arrays;
import java.util.List;

/** The SASL mechanisms Seldon Core 2 accepts in {@code KAFKA_SASL_MECHANISM}, spelled as Kafka spells them. */
public enum SaslMechanism {
    PLAIN("PLAIN"),
    SCRAM_SHA_256("SCRAM-SHA-256"),
    SCRAM_SHA_512("SCRAM-SHA-512"),
    OAUTHBEARER("OAUTHBEARER");

    private final String kafkaName;

    SaslMechanism(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The value of Kafka's {@code sasl.mechanism} and of the Seldon variable. */
    public String kafkaName() {
        return kafkaName;
    }

    /** PLAIN and SCRAM authenticate with a user name and a password; OAUTHBEARER with a token. */
    public boolean usesPassword() {
        return this != OAUTHBEARER;
    }

    public static List<String> kafkaNames() {
        return Arrays.stream(values()).map(SaslMechanism::kafkaName).toList();
    }

    static SaslMechanism fromKafkaName(String name) {
        return Arrays.stream(values())
                .filter(m -> m.kafkaName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name));
    }
}
