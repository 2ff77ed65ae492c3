package io.seldonmesh.pipelinegateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.seldonmesh.pipelinegateway.KafkaTestResource;
import io.seldonmesh.pipelinegateway.OidcTestResource;
import io.seldonmesh.pipelinegateway.UnreachableIssuerProfile;
import io.seldonmesh.testkit.OAuthServer;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The identity provider is down when the gateway starts: it starts all the same and serves health; a token that
 * cannot be checked is a 503 naming the issuer, not a 401 blaming the caller. (A token of the same issuer name from
 * another server, since nothing answers at the configured one.)
 */
@QuarkusTest
@TestProfile(UnreachableIssuerProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
class UnreachableIssuerTest {

    @Test
    void aTokenThatCannotBeCheckedIs503NamingTheIssuerWhileHealthStaysOpen() {
        GatewayCalls calls = GatewayCalls.plain();
        String token;
        try (OAuthServer elsewhere = OAuthServer.builder().issuer("down").audience("pipeline-gateway").start()) {
            token = elsewhere.requestToken(OidcTestResource.INFERRER, OidcTestResource.SECRET);
        }

        HttpResponse<String> refused = calls.send("POST", calls.http("/v2/models/any/infer"), Optional.of(token),
                OidcAccessTest.REQUEST);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("POST /v2/models/any/infer cannot be authorized now: bearer tokens of '"
                + ConfigProvider.getConfig().getValue("SELDON_AUTH_OIDC_ISSUER", String.class)
                + "' cannot be verified (OIDC Server is not available)");
        assertThat(calls.get(calls.http("/q/health/live"), Optional.empty()).statusCode()).isEqualTo(200);
    }
}
