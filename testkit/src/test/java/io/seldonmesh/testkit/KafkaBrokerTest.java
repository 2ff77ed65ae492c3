package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

@RealServers
class KafkaBrokerTest {

    private final KafkaBroker broker;

    KafkaBrokerTest(KafkaBroker broker) {
        this.broker = broker;
    }

    @Test
    void sharedBrokerOpensEveryListenerOnLoopbackOnly() throws Exception {
        assertThat(broker.listeners()).containsExactlyInAnyOrder(Listener.values());
        assertThat(broker.securityProtocol(Listener.SCRAM)).isEqualTo("SASL_SSL");
        assertThat(broker.securityProtocol(Listener.MTLS)).isEqualTo("SSL");
        assertThat(broker.securityProtocol(Listener.OAUTH)).isEqualTo("SASL_SSL");
        assertThat(ListeningSockets.of(broker.pid()))
                .extracting(ListeningSockets.Socket::port)
                .contains(broker.port(Listener.PLAINTEXT), broker.port(Listener.SCRAM),
                        broker.port(Listener.MTLS), broker.port(Listener.OAUTH));
        assertThat(ListeningSockets.of(broker.pid())).allMatch(ListeningSockets.Socket::isLoopback);
    }

    @Test
    void plaintextRoundTrip() throws Exception {
        assertThat(RoundTrip.roundTrip(broker, broker.clientProperties(Listener.PLAINTEXT)))
                .isEqualTo("hello PLAINTEXT");
    }

    @Test
    void scramSha512RoundTripWithTheRightPassword() throws Exception {
        Map<String, Object> client = broker.scramClientProperties("SCRAM-SHA-512",
                SharedServers.SCRAM_USER, SharedServers.SCRAM_PASSWORD);
        assertThat(RoundTrip.roundTrip(broker, client)).isEqualTo("hello SASL_SSL");
    }

    @Test
    void scramSha256RoundTripWithTheRightPassword() throws Exception {
        Map<String, Object> client = broker.scramClientProperties("SCRAM-SHA-256",
                SharedServers.SCRAM_USER, SharedServers.SCRAM_PASSWORD);
        assertThat(RoundTrip.roundTrip(broker, client)).isEqualTo("hello SASL_SSL");
    }

    @Test
    void wrongScramPasswordFailsWithAnAuthenticationError() throws Exception {
        String topic = RoundTrip.newTopic(broker);
        Map<String, Object> client = broker.scramClientProperties("SCRAM-SHA-512",
                SharedServers.SCRAM_USER, "not-the-password");

        Throwable thrown = catchThrowable(() -> RoundTrip.produce(client, topic, "never"));

        assertThat(RoundTrip.causeOfType(thrown, SaslAuthenticationException.class))
                .as("cause chain of %s", thrown).isNotNull();
    }

    @Test
    void scramPasswordCanBeRotatedWhileTheBrokerRuns() throws Exception {
        String topic = RoundTrip.newTopic(broker);
        broker.upsertScramUser("rotating", "first-secret");
        RoundTrip.produce(broker.scramClientProperties("SCRAM-SHA-512", "rotating", "first-secret"), topic, "one");

        broker.upsertScramUser("rotating", "second-secret");

        RoundTrip.produce(broker.scramClientProperties("SCRAM-SHA-512", "rotating", "second-secret"), topic, "two");
        Throwable thrown = catchThrowable(() -> RoundTrip.produce(
                broker.scramClientProperties("SCRAM-SHA-512", "rotating", "first-secret"), topic, "three"));
        assertThat(RoundTrip.causeOfType(thrown, SaslAuthenticationException.class))
                .as("cause chain of %s", thrown).isNotNull();
    }

    @Test
    void mtlsRoundTripWithTheGeneratedClientCertificate() throws Exception {
        assertThat(RoundTrip.roundTrip(broker, broker.clientProperties(Listener.MTLS))).isEqualTo("hello SSL");
    }

    @Test
    void clientCertificateFromAnUntrustedCaIsRejected() throws Exception {
        String topic = RoundTrip.newTopic(broker);
        ClientCertificate untrusted = broker.certificates().issueUntrustedClient("intruder");

        Throwable thrown = catchThrowable(() ->
                RoundTrip.produce(broker.mtlsClientProperties(untrusted), topic, "never"));

        assertThat(RoundTrip.causeOfType(thrown, SslAuthenticationException.class))
                .as("cause chain of %s", thrown).isNotNull();
    }

    @Test
    void renewedClientCertificateIsAcceptedByNewConnections() throws Exception {
        ClientCertificate first = broker.certificates().issueClient("renewing");
        String firstCertificate = Files.readString(first.certificate());

        ClientCertificate renewed = broker.certificates().issueClient("renewing");

        assertThat(renewed.certificate()).isEqualTo(first.certificate());
        assertThat(Files.readString(renewed.certificate())).isNotEqualTo(firstCertificate);
        assertThat(RoundTrip.roundTrip(broker, broker.mtlsClientProperties(renewed))).isEqualTo("hello SSL");
    }

    @Test
    void oauthRoundTripWithAClientCredentialsToken() throws Exception {
        assertThat(RoundTrip.roundTrip(broker, broker.clientProperties(Listener.OAUTH))).isEqualTo("hello SASL_SSL");
    }

    @Test
    void tokenOfAnotherIssuerAndAudienceIsRejected(OAuthServer oauth) throws Exception {
        String topic = RoundTrip.newTopic(broker);
        Map<String, Object> client = new HashMap<>(
                broker.oauthClientProperties(OAuthServer.CLIENT_ID, OAuthServer.CLIENT_SECRET));
        client.put("sasl.oauthbearer.token.endpoint.url", oauth.tokenEndpoint("other"));

        Throwable thrown = catchThrowable(() -> RoundTrip.produce(client, topic, "never"));

        assertThat(RoundTrip.causeOfType(thrown, AuthenticationException.class))
                .as("cause chain of %s", thrown).isNotNull();
    }
}
