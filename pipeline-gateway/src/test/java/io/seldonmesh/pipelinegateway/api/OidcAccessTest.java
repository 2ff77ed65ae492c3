package io.seldonmesh.pipelinegateway.api;

import static io.seldonmesh.pipelinegateway.OidcTestResource.DEPLOYER;
import static io.seldonmesh.pipelinegateway.OidcTestResource.EXPIRED_INFERRER;
import static io.seldonmesh.pipelinegateway.OidcTestResource.INFERRER;
import static io.seldonmesh.pipelinegateway.OidcTestResource.MAPPED_DEPLOYER;
import static io.seldonmesh.pipelinegateway.OidcTestResource.MONITOR;
import static io.seldonmesh.pipelinegateway.OidcTestResource.OTHER_ISSUER;
import static io.seldonmesh.pipelinegateway.OidcTestResource.SECRET;
import static io.seldonmesh.pipelinegateway.OidcTestResource.oauth;
import static io.seldonmesh.pipelinegateway.OidcTestResource.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.KafkaTestResource;
import io.seldonmesh.pipelinegateway.OidcProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bearer tokens of a real token server on the control API (its own port), REST inference, health and metrics. */
@QuarkusTest
@TestProfile(OidcProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
class OidcAccessTest {

    static final String MODEL = "secured-echo";
    static final String REQUEST = """
            {"inputs":[{"name":"x","shape":[1,2],"datatype":"FP32","data":[1,2]}]}""";

    private static Declarations kafka;
    private final GatewayCalls calls = GatewayCalls.plain();

    @Inject
    ControlListener control;

    @BeforeEach
    void declareOnce() {
        if (kafka != null) {
            return;
        }
        kafka = new Declarations();
        assertThat(declare(MODEL, Optional.of(token(DEPLOYER))).statusCode()).isIn(200, 201);
        kafka.status().model(MODEL, ModelState.AVAILABLE, null);
        kafka.echoModel(MODEL);
        Optional<String> inferrer = Optional.of(token(INFERRER));
        Eventually.until(Duration.ofSeconds(15), () -> MODEL + " ready",
                () -> calls.get(calls.http("/v2/models/" + MODEL + "/ready"), inferrer).statusCode() == 200);
    }

    @AfterAll
    static void close() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void declaringAModelWithoutATokenIs401NamingTheRoleAndHowToSendOne() {
        HttpResponse<String> refused = declare("no-token", Optional.empty());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("www-authenticate")).contains("Bearer realm=\"pipeline-gateway\"");
        assertThat(refused.body()).isEqualTo("{\"error\":\"PUT /v1/models/no-token needs role 'deployer' and the"
                + " request carries no credential: send 'authorization: Bearer <token>' (an HTTP header, or gRPC"
                + " metadata) with a token of '" + oauth().issuerUrl() + "' for audience 'pipeline-gateway'\"}");
    }

    @Test
    void declaringAModelWithAnInferrersTokenIs403NamingDeployer() {
        HttpResponse<String> refused = declare("by-inferrer", Optional.of(token(INFERRER)));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("PUT /v1/models/by-inferrer needs role 'deployer'; token subject"
                + " 'inference-app' has roles [inferrer] (from the token's 'realm_access/roles' claim, and"
                + " SELDON_AUTH_OIDC_SUBJECT_ROLES): grant it 'deployer' there");
    }

    @Test
    void aDeployersTokenCreatesReplacesReadsAndDeletesAModel() {
        Optional<String> deployer = Optional.of(token(DEPLOYER));

        assertThat(declare("lifecycle", deployer).statusCode()).isEqualTo(201);
        assertThat(declare("lifecycle", deployer).statusCode()).isEqualTo(200);
        assertThat(calls.get(control("/v1/models/lifecycle"), deployer).statusCode()).isEqualTo(200);
        assertThat(calls.send("DELETE", control("/v1/models/lifecycle"), deployer, "").statusCode()).isEqualTo(200);
        assertThat(calls.get(control("/v1/models/lifecycle"), deployer).statusCode()).isEqualTo(404);
    }

    @Test
    void readingSpecsNeedsTheDeployerRoleToo() {
        HttpResponse<String> refused = calls.get(control("/v1/models"), Optional.of(token(INFERRER)));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("GET /v1/models needs role 'deployer'");
    }

    @Test
    void deletingAModelWithoutTheRoleIsRefusedAndLeavesIt() {
        assertThat(calls.send("DELETE", control("/v1/models/" + MODEL), Optional.empty(), "").statusCode())
                .isEqualTo(401);
        assertThat(calls.send("DELETE", control("/v1/models/" + MODEL), Optional.of(token(INFERRER)), "")
                .statusCode()).isEqualTo(403);
        assertThat(calls.get(control("/v1/models/" + MODEL), Optional.of(token(DEPLOYER))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aTokenSubjectGivenARoleBySettingMayUseIt() {
        assertThat(declare("by-mapped-subject", Optional.of(token(MAPPED_DEPLOYER))).statusCode()).isEqualTo(201);
    }

    @Test
    void inferenceWithoutATokenIs401NamingInferrer() {
        HttpResponse<String> refused = infer(Optional.empty());

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("POST /v2/models/secured-echo/infer needs role 'inferrer' and the request"
                + " carries no credential");
    }

    @Test
    void inferenceWithADeployersTokenIs403NamingInferrer() {
        HttpResponse<String> refused = infer(Optional.of(token(DEPLOYER)));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("needs role 'inferrer'; token subject 'ci-deployer' has roles [deployer]");
    }

    @Test
    void inferenceWithAnInferrersTokenIsAnswered() {
        HttpResponse<String> answered = infer(Optional.of(token(INFERRER)));

        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(answered.body()).contains("\"model_name\":\"secured-echo\"");
    }

    @Test
    void readinessOfAModelNeedsTheInferrerRole() {
        URI ready = calls.http("/v2/models/" + MODEL + "/ready");

        assertThat(calls.get(ready, Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(calls.get(ready, Optional.of(token(INFERRER))).statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredTokenIs401SayingWhenItExpired() {
        HttpResponse<String> refused = infer(Optional.of(token(EXPIRED_INFERRER)));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("needs role 'inferrer' and the bearer token was refused: it expired at"
                + " 2001-09-09T01:46:40Z; get a new one from " + oauth().issuerUrl());
    }

    @Test
    void aTokenOfAnotherIssuerIs401NamingBothIssuers() {
        HttpResponse<String> refused = infer(Optional.of(oauth().requestToken(OTHER_ISSUER, INFERRER, SECRET)));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("the bearer token was refused: it was issued by '"
                + oauth().issuerUrl(OTHER_ISSUER) + "' and this gateway accepts tokens of '" + oauth().issuerUrl()
                + "' (SELDON_AUTH_OIDC_ISSUER)");
    }

    @Test
    void healthStaysOpenWithoutAToken() {
        assertThat(calls.get(calls.http("/q/health/live"), Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(calls.get(calls.http("/q/health/ready"), Optional.empty()).statusCode()).isIn(200, 503);
        assertThat(calls.get(calls.http("/v2/health/live"), Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(calls.get(calls.http("/v2/health/ready"), Optional.empty()).statusCode()).isIn(200, 503);
    }

    @Test
    void metricsNeedTheRoleSetForThem() {
        URI metrics = calls.http("/q/metrics");

        assertThat(calls.get(metrics, Optional.empty()).statusCode()).isEqualTo(401);
        HttpResponse<String> forbidden = calls.get(metrics, Optional.of(token(INFERRER)));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("GET /q/metrics needs role 'monitoring'");
        HttpResponse<String> scraped = calls.get(metrics, Optional.of(token(MONITOR)));
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("seldon_gateway_");
    }

    @Test
    void statusPageAssetsAreOpenAndItsOverviewIsControlApiNeedingDeployer() {
        HttpResponse<String> page = calls.get(calls.http("/ui/"), Optional.empty());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>pipeline-gateway status</title>", "id=\"token\"");
        assertThat(calls.get(calls.http("/ui/app.js"), Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(calls.get(calls.http("/ui/style.css"), Optional.empty()).statusCode()).isEqualTo(200);

        assertThat(calls.get(control("/v1/overview"), Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(calls.get(control("/v1/overview"), Optional.of(token(INFERRER))).statusCode()).isEqualTo(403);
        HttpResponse<String> overview = calls.get(control("/v1/overview"), Optional.of(token(DEPLOYER)));
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("\"name\":\"" + MODEL + "\"", "\"state\":\"Available\"",
                "\"consumerLag\":\"n/a");
        assertThat(calls.get(calls.http("/v1/overview"), Optional.of(token(DEPLOYER))).body())
                .contains("the control API (/v1) is served on port " + control.port().orElseThrow());
    }

    @Test
    void theControlApiIsServedOnItsOwnPortOnly() {
        HttpResponse<String> onInferencePort = calls.send("PUT", calls.http("/v1/models/misplaced"),
                Optional.of(token(DEPLOYER)), Declarations.modelYaml("misplaced"));
        HttpResponse<String> inferenceOnControlPort = calls.send("POST", control("/v2/models/" + MODEL + "/infer"),
                Optional.of(token(INFERRER)), REQUEST);

        int port = control.port().orElseThrow();
        assertThat(onInferencePort.statusCode()).isEqualTo(404);
        assertThat(onInferencePort.body()).contains("the control API (/v1) is served on port " + port
                + " (SELDON_CONTROL_PORT), not here");
        assertThat(inferenceOnControlPort.statusCode()).isEqualTo(404);
        assertThat(inferenceOnControlPort.body()).contains("serves only the control API (/v1), /q/health and /q/metrics");
        assertThat(calls.get(control("/q/health/live"), Optional.empty()).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> declare(String name, Optional<String> token) {
        return calls.send("PUT", control("/v1/models/" + name), token, Declarations.modelYaml(name));
    }

    private HttpResponse<String> infer(Optional<String> token) {
        return calls.send("POST", calls.http("/v2/models/" + MODEL + "/infer"), token, REQUEST);
    }

    private URI control(String path) {
        return calls.control(control.port().orElseThrow(), path);
    }
}
