package io.seldonmesh.bench.pipelinegateway;

import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Declares what the bench calls as a user would, through pipeline-gateway's control API, and reports each model
 * Available as its model-fetcher would (model-server already has them all, loaded at start).
 */
final class ControlApi {

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI gateway;
    private final String bootstrap;
    private final TopicNames topics;

    ControlApi(URI gateway, String bootstrap, TopicNames topics) {
        this.gateway = gateway;
        this.bootstrap = bootstrap;
        this.topics = topics;
    }

    void declareModel(String model) throws Exception {
        put("/v1/models/" + model, "{\"apiVersion\":\"mlops.seldon.io/v1alpha1\",\"kind\":\"Model\",\"metadata\":"
                + "{\"name\":\"" + model + "\"},\"spec\":{\"storageUri\":\"s3://models/" + model + "\"}}");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            ModelStatus available = new ModelStatus(ModelState.AVAILABLE, "1", "model-server", null, null, null,
                    Instant.now());
            producer.send(new ProducerRecord<>(topics.statusModels(), new ModelStatusKey(model, "0").toBytes(),
                    available.toJson())).get(30, TimeUnit.SECONDS);
        }
    }

    /** Declares the pipeline and its models, and returns once the gateway finds it ready. */
    void declarePipeline(BenchPipeline pipeline) throws Exception {
        for (String model : pipeline.models()) {
            declareModel(model);
        }
        put("/v1/pipelines/" + pipeline.pipelineName(), pipeline.resource());
        URI ready = gateway.resolve("/v2/pipelines/" + pipeline.pipelineName() + "/ready");
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        HttpResponse<String> last;
        while ((last = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString()))
                .statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pipeline " + pipeline.pipelineName() + " not ready within "
                        + READY_WITHIN.toSeconds() + " s: " + last.body() + "; see pipeline-gateway's log");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Returns once the target answers a request, trying for a minute: a model side still starting (model-gateway
     * taking its partitions, a dataflow application starting) costs seconds.
     */
    void awaitAnswer(HttpTarget target, String body, String modelSide) throws InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpRequest.Builder request = HttpRequest.newBuilder(target.uri())
                    .header("content-type", "application/json")
                    // a short timeout per try, so a model side still starting costs seconds, not the default minute
                    .header("seldon-timeout", "2s")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            target.headers().forEach(request::header);
            try {
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
                last = answer.statusCode() + ": " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no answer from " + target.uri() + " " + target.headers() + " within "
                + READY_WITHIN.toSeconds() + " s (model side " + modelSide + "); last: " + last);
    }

    private void put(String path, String resource) throws IOException, InterruptedException {
        HttpResponse<String> declared = http.send(HttpRequest.newBuilder(gateway.resolve(path))
                .PUT(HttpRequest.BodyPublishers.ofString(resource)).build(), HttpResponse.BodyHandlers.ofString());
        if (declared.statusCode() != 200 && declared.statusCode() != 201) {
            throw new IllegalStateException("PUT " + path + " answered " + declared.statusCode() + ": "
                    + declared.body());
        }
    }
}
