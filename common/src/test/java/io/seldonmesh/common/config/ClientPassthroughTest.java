package io.seldonmesh.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientPassthroughTest {

    @Test
    void nothingIsPassedThroughByDefault() {
        assertThat(ClientPassthrough.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:9092", "PATH", "/bin"))).isEqualTo(ClientPassthrough.none());
    }

    @Test
    void dottedPropertiesGoToAllClientsOrToTheirClientType() {
        ClientPassthrough passthrough = ClientPassthrough.from(Map.of(
                "kafka.client.dns.lookup", "use_all_dns_ips",
                "kafka.consumer.max.poll.records", "50",
                "kafka.producer.compression.type", "zstd",
                "kafka.admin.default.api.timeout.ms", "30000",
                "kafka.streams.num.stream.threads", "2"));
        assertThat(passthrough.all()).containsExactly(Map.entry("client.dns.lookup", "use_all_dns_ips"));
        assertThat(passthrough.consumer()).containsExactly(Map.entry("max.poll.records", "50"));
        assertThat(passthrough.producer()).containsExactly(Map.entry("compression.type", "zstd"));
        assertThat(passthrough.admin()).containsExactly(Map.entry("default.api.timeout.ms", "30000"));
        assertThat(passthrough.streams()).containsExactly(Map.entry("num.stream.threads", "2"));
    }

    @Test
    void shellFriendlyNamesMapToPropertiesOfTheirClientType() {
        ClientPassthrough passthrough = ClientPassthrough.from(Map.of(
                "KAFKA_CONSUMER_SESSION_TIMEOUT_MS", "10000",
                "KAFKA_PRODUCER_COMPRESSION_TYPE", "lz4",
                "KAFKA_ADMIN_REQUEST_TIMEOUT_MS", "5000",
                "KAFKA_STREAMS_NUM_STREAM_THREADS", "3"));
        assertThat(passthrough.consumer()).containsExactly(Map.entry("session.timeout.ms", "10000"));
        assertThat(passthrough.producer()).containsExactly(Map.entry("compression.type", "lz4"));
        assertThat(passthrough.admin()).containsExactly(Map.entry("request.timeout.ms", "5000"));
        assertThat(passthrough.streams()).containsExactly(Map.entry("num.stream.threads", "3"));
        assertThat(passthrough.all()).isEmpty();
    }

    @Test
    void seldonsOwnKafkaVariablesAreNotPassthrough() {
        ClientPassthrough passthrough = ClientPassthrough.from(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_CLIENT_TLS_KEY_LOCATION", "/tls/tls.key", "KAFKA_MESSAGE_MAX_BYTES", "1"));
        assertThat(passthrough).isEqualTo(ClientPassthrough.none());
    }

    @Test
    void misspelledConsumerPropertyIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> ClientPassthrough.from(Map.of("KAFKA_CONSUMER_SESION_TIMEOUT_MS", "10000")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("KAFKA_CONSUMER_SESION_TIMEOUT_MS names no Kafka consumer property 'sesion.timeout.ms' (kafka-clients ")
                .hasMessageEndingWith("): check the spelling against https://kafka.apache.org/documentation/#configuration");
    }

    @Test
    void producerPropertyGivenToTheConsumerIsRejected() {
        assertThatThrownBy(() -> ClientPassthrough.from(Map.of("kafka.consumer.linger.ms", "5")))
                .hasMessageStartingWith("kafka.consumer.linger.ms names no Kafka consumer property 'linger.ms'");
    }

    @Test
    void misspelledAllClientsPropertyIsRejected() {
        assertThatThrownBy(() -> ClientPassthrough.from(Map.of("kafka.reqest.timeout.ms", "5")))
                .hasMessageStartingWith("kafka.reqest.timeout.ms names no Kafka client property 'reqest.timeout.ms'");
    }

    @Test
    void propertiesThatSeldonVariablesOwnAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> ClientPassthrough.from(Map.of("kafka.security.protocol", "SSL")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("kafka.security.protocol sets security.protocol, which KAFKA_SECURITY_PROTOCOL owns: set KAFKA_SECURITY_PROTOCOL instead");
        assertThatThrownBy(() -> ClientPassthrough.from(Map.of("KAFKA_PRODUCER_BOOTSTRAP_SERVERS", "x:1")))
                .hasMessage("KAFKA_PRODUCER_BOOTSTRAP_SERVERS sets bootstrap.servers, which KAFKA_BOOTSTRAP_SERVERS owns: set KAFKA_BOOTSTRAP_SERVERS instead");
    }

    @Test
    void streamsPropertiesAreNotCheckedBecauseStreamsIsNotOnTheClasspath() {
        assertThat(ClientPassthrough.from(Map.of("kafka.streams.processing.guarantee", "exactly_once_v2")).streams())
                .containsExactly(Map.entry("processing.guarantee", "exactly_once_v2"));
    }
}
