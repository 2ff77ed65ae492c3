package io.seldonmesh.pipelinegateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.ModelResponder;
import io.seldonmesh.pipelinegateway.StatusWriter;
import io.seldonmesh.pipelinegateway.WrongKafkaPasswordProfile;
import io.seldonmesh.pipelinegateway.WrongKafkaPasswordResource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway was started before its Kafka password was right (the Secret was mounted late, or fixed by hand): it is
 * not ready and says the login failed; once the mounted file holds the right password it becomes ready and
 * serves requests, without a restart.
 */
@QuarkusTest
@TestProfile(WrongKafkaPasswordProfile.class)
class KafkaPasswordFixedLaterTest {

    @Test
    @Timeout(60)
    void gatewayStartedWithAWrongKafkaPasswordServesOnceTheMountedFileIsFixed() throws Exception {
        AtomicReference<String> readiness = new AtomicReference<>();
        Eventually.until(Duration.ofSeconds(15), readiness::get, () -> {
            Response ready = given().get("/q/health/ready");
            readiness.set(ready.statusCode() + " " + ready.body().asString());
            return ready.statusCode() == 503 && readiness.get().contains("SaslAuthenticationException: Authentication failed");
        });

        WrongKafkaPasswordResource.fixPassword();
        long fixed = System.nanoTime();

        Eventually.until(Duration.ofSeconds(40), () -> "ready after the fix: " + readiness.get(), () -> {
            Response ready = given().get("/q/health/ready");
            readiness.set(ready.statusCode() + " " + ready.body().asString());
            return ready.statusCode() == 200;
        });
        TopicNames topics = TopicNames.of("seldon", WrongKafkaPasswordResource.namespace());
        String bootstrap = WrongKafkaPasswordResource.plaintextBootstrap();
        AtomicReference<String> declared = new AtomicReference<>();
        Eventually.until(Duration.ofSeconds(10), declared::get, () -> {
            Response put = given().body(Declarations.modelYaml("echo")).put("/v1/models/echo");
            declared.set(put.statusCode() + " " + put.body().asString());
            return put.statusCode() == 200 || put.statusCode() == 201;
        });
        try (StatusWriter status = new StatusWriter(bootstrap, topics);
             ModelResponder echo = ModelResponder.echo(bootstrap, "echo", topics.modelInputs("echo"), topics.modelOutputs("echo"))) {
            status.model("echo", ModelState.AVAILABLE, null);
            AtomicReference<String> answered = new AtomicReference<>();
            Eventually.until(Duration.ofSeconds(10), answered::get, () -> {
                Response infer = given().contentType("application/json").body(RestInferenceTest.REQUEST)
                        .post("/v2/models/echo/infer");
                answered.set(infer.statusCode() + " " + infer.body().asString());
                return infer.statusCode() == 200;
            });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - fixed)).isLessThan(Duration.ofSeconds(45));
    }
}
