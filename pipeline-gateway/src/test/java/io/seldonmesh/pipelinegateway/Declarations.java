package io.seldonmesh.pipelinegateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.PipelineState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Declares models and pipelines through the gateway's control API and reports their status as the other
 * services would, inside a {@code @QuarkusTest} using {@link KafkaTestResource}.
 */
public final class Declarations implements AutoCloseable {

    private final String bootstrap;
    private final TopicNames topics;
    private final StatusWriter status;
    private final List<ModelResponder> responders = new ArrayList<>();

    public Declarations() {
        this.bootstrap = ConfigProvider.getConfig().getValue("KAFKA_BOOTSTRAP_SERVERS", String.class);
        this.topics = TopicNames.of("seldon", ConfigProvider.getConfig().getValue("SELDON_NAMESPACE", String.class));
        this.status = new StatusWriter(bootstrap, topics);
    }

    public String bootstrap() {
        return bootstrap;
    }

    public TopicNames topics() {
        return topics;
    }

    public StatusWriter status() {
        return status;
    }

    /** Answers every request to {@code model} with its inputs, as model-gateway would with an identity model. */
    public ModelResponder echoModel(String model) {
        return keep(ModelResponder.echo(bootstrap, model, topics.modelInputs(model), topics.modelOutputs(model)));
    }

    /** Echoes every request to {@code model} after an answer in an aborted transaction. */
    public ModelResponder transactionalModel(String model) {
        return keep(ModelResponder.echoAfterAnAbortedAnswer(bootstrap, model, topics.modelInputs(model),
                topics.modelOutputs(model)));
    }

    /** Answers every request to {@code model} with an error record carrying {@code message}, as a model server's 400. */
    public ModelResponder failingModel(String model, String message) {
        return failingModel(model, "400", message);
    }

    /** Answers every request to {@code model} with an error record of this {@code status} (model-gateway's field). */
    public ModelResponder failingModel(String model, String status, String message) {
        return keep(ModelResponder.failing(bootstrap, model, topics.modelInputs(model), topics.errors(), status,
                message));
    }

    /** Plays the pipeline's dataflow (a later piece) by answering on its outputs topic. */
    public ModelResponder echoPipeline(String pipeline) {
        return keep(ModelResponder.echo(bootstrap, pipeline, topics.pipelineInputs(pipeline),
                topics.pipelineOutputs(pipeline)));
    }

    /**
     * Plays the first part of the pipeline's dataflow: every request on the pipeline's inputs topic is answered on
     * {@code model}'s outputs topic with the request's headers, as that step's model-gateway would; nothing more.
     */
    public ModelResponder stepAnswers(String pipeline, String model) {
        return keep(ModelResponder.echo(bootstrap, model, topics.pipelineInputs(pipeline), topics.modelOutputs(model)));
    }

    private ModelResponder keep(ModelResponder responder) {
        responders.add(responder);
        return responder;
    }

    public static String modelYaml(String name) {
        return modelYaml(name, "s3://models/" + name);
    }

    public static String modelYaml(String name, String storageUri) {
        return """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata:
                  name: %s
                spec:
                  storageUri: %s
                  requirements:
                  - sklearn
                """.formatted(name, storageUri);
    }

    /** A Pipeline CR whose steps run {@code models} one after the other; the last one's outputs are its output. */
    public static String chainYaml(String name, String... models) {
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < models.length; i++) {
            steps.append("  - name: ").append(models[i]).append('\n');
            if (i > 0) {
                steps.append("    inputs:\n    - ").append(models[i - 1]).append('\n');
            }
        }
        return """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Pipeline
                metadata:
                  name: %s
                spec:
                  steps:
                %s  output:
                    steps:
                    - %s
                """.formatted(name, steps, models[models.length - 1]);
    }

    /** Declared and Available: inference can go. */
    public void availableModel(String name) {
        declareModel(name);
        status.model(name, ModelState.AVAILABLE, null);
        awaitReady("/v2/models/" + name + "/ready");
    }

    public void declareModel(String name) {
        given().body(modelYaml(name)).put("/v1/models/" + name).then().statusCode(anyOf(
                is(200), is(201)));
    }

    /** A one-step pipeline over {@code model}, Ready. */
    public void readyPipeline(String name, String model) {
        readyChain(name, model);
    }

    /** A pipeline whose steps run {@code models} one after the other, Ready. */
    public void readyChain(String name, String... models) {
        given().body(chainYaml(name, models)).put("/v1/pipelines/" + name).then()
                .statusCode(anyOf(is(200), is(201)));
        status.pipeline(name, PipelineState.READY, null);
        awaitReady("/v2/pipelines/" + name + "/ready");
    }

    /** A pipeline only its dataflow knows: a Ready status, and no spec on the control topic. */
    public void readyPipelineWithoutSpec(String name) {
        status.pipeline(name, PipelineState.READY, null);
        awaitReady("/v2/pipelines/" + name + "/ready");
    }

    /**
     * Waits for {@code path} and for the gateway as a whole: a pipeline can be ready in the catalog while this
     * replica still holds no partition of the claim group (a previous test application's member not yet gone),
     * and then a request gets 503 rather than the answer the test is about.
     */
    public static void awaitReady(String path) {
        for (String readiness : List.of("/v2/health/ready", path)) {
            Eventually.until(Duration.ofSeconds(30), () -> readiness + " answered "
                    + given().get(readiness).then().extract().body().asString(),
                    () -> given().get(readiness).then().extract().statusCode() == 200);
        }
    }

    @Override
    public void close() {
        responders.forEach(ModelResponder::close);
        status.close();
    }
}
