package io.seldonmesh.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;

class BrokerConfigTest {

    private static final Map<Listener, Integer> PORTS =
            Map.of(Listener.PLAINTEXT, 9092, Listener.SCRAM, 9093, Listener.MTLS, 9094, Listener.OAUTH, 9095);
    private static final OAuthValidation OAUTH = new OAuthValidation("http://127.0.0.1:1/i/jwks",
            "http://127.0.0.1:1/i", "kafka", List.of("http://127.0.0.1:1/i/token", "http://127.0.0.1:1/i/jwks"));

    private static SortedMap<String, String> render(BrokerSettings settings) {
        return BrokerConfig.serverProperties(settings, PORTS, 9099, Path.of("/data"), null, "admin");
    }

    @Test
    void plaintextOnlyBrokerHasNoTlsSaslOrAuthorizerSettings() {
        SortedMap<String, String> p = render(new BrokerSettings(List.of(), false, null, false, Map.of()));

        assertThat(p.get("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9099");
        assertThat(p.get("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9092");
        assertThat(p.keySet()).noneMatch(key -> key.startsWith("ssl.") || key.contains("sasl") || key.startsWith("authorizer"));
    }

    @Test
    void eachRequestedListenerGetsItsPortProtocolAndAuthentication() {
        TestCertificates certs = TestCertificates.create(Path.of("target", "broker-config-test"));
        SortedMap<String, String> p = BrokerConfig.serverProperties(new BrokerSettings(
                List.of(new ScramUser("u", "p")), true, OAUTH, false, Map.of()), PORTS, 9099, Path.of("/data"), certs, "admin");

        assertThat(p.get("listener.security.protocol.map"))
                .isEqualTo("PLAINTEXT:PLAINTEXT,SCRAM:SASL_SSL,MTLS:SSL,OAUTH:SASL_SSL,CONTROLLER:PLAINTEXT");
        assertThat(p.get("listener.name.scram.sasl.enabled.mechanisms")).isEqualTo("SCRAM-SHA-256,SCRAM-SHA-512");
        assertThat(p.get("listener.name.mtls.ssl.client.auth")).isEqualTo("required");
        assertThat(p.get("ssl.principal.mapping.rules")).isEqualTo("RULE:^CN=([^,]+).*$/$1/,DEFAULT");
        assertThat(p.get("ssl.keystore.location")).isEqualTo(certs.brokerKeyStore().toString());
        assertThat(p.get("listener.name.oauth.oauthbearer.sasl.server.callback.handler.class"))
                .isEqualTo("org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler");
        assertThat(p).containsEntry("sasl.oauthbearer.jwks.endpoint.url", "http://127.0.0.1:1/i/jwks")
                .containsEntry("sasl.oauthbearer.expected.issuer", "http://127.0.0.1:1/i")
                .containsEntry("sasl.oauthbearer.expected.audience", "kafka");
    }

    @Test
    void aclsMakeTheUnauthenticatedListenersAndAdminSuperUsers() {
        SortedMap<String, String> p = render(new BrokerSettings(List.of(), false, null, true, Map.of()));

        assertThat(p.get("authorizer.class.name")).isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(p.get("super.users")).isEqualTo("User:ANONYMOUS;User:admin");
    }

    @Test
    void explicitPropertiesOverrideTestkitDefaults() {
        SortedMap<String, String> p = render(new BrokerSettings(List.of(), false, null, false,
                Map.of("num.partitions", "3", "message.max.bytes", "1000")));

        assertThat(p).containsEntry("num.partitions", "3").containsEntry("message.max.bytes", "1000");
    }
}
