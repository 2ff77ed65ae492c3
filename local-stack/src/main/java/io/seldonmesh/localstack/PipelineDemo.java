package io.seldonmesh.localstack;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.seldonmesh.testkit.SeldonSampleModels;
import io.seldonmesh.testkit.SeldonSamplePipelines;

/**
 * The pipeline part of the demo: Seldon's sample pipeline {@code tfsimples} (tfsimple1 → tfsimple2, the first
 * step's outputs renamed to the second's inputs by {@code tensorMap}) and its sample Models, each as Seldon
 * publishes it apart from the Models' {@code storageUri}, declared through the control API and answering one of
 * Seldon's documented requests through the dataflow.
 */
final class PipelineDemo {

    static final SeldonSamplePipelines.Sample PIPELINE = SeldonSamplePipelines.TFSIMPLES;
    static final List<String> MODELS = List.of("tfsimple1", "tfsimple2");
    /** Where the samples' artifacts go in the stack's bucket. */
    static final String SAMPLES_PREFIX = "seldon-samples";
    private static final Map<String, String> ADDRESS = Map.of("seldon-model", PIPELINE.name() + ".pipeline");

    private final Stack stack;
    private final PipelineGatewayClient gateway;
    private final PrintStream out;

    PipelineDemo(Stack stack, PipelineGatewayClient gateway, PrintStream out) {
        this.stack = stack;
        this.gateway = gateway;
        this.out = out;
    }

    /** Runs it and returns the pipeline's answer. */
    String run() {
        out.println();
        out.println("Demo: Seldon's sample pipeline '" + PIPELINE.name() + "' (" + String.join(" -> ", MODELS)
                + ", outputs renamed to inputs by tensorMap) through the dataflow, with Seldon's sample Models");
        SeldonSampleModels samples = SeldonSampleModels.upload(stack.objectStore(), stack.objectStore().bucket(),
                SAMPLES_PREFIX);
        samples.writeStorageSecret(stack.secretsDirectory());
        out.println("  uploaded the samples' artifacts to " + SeldonSampleModels.REMOTE + "://"
                + stack.objectStore().bucket() + "/" + SAMPLES_PREFIX + "/ (remote " + SeldonSampleModels.REMOTE
                + ", preloaded in model-fetcher)");
        long started = System.nanoTime();
        for (String model : MODELS) {
            gateway.put("/v1/models/" + model, samples.sample(model).resource());
        }
        gateway.put("/v1/pipelines/" + PIPELINE.name(), PIPELINE.resource());
        out.println("  declared Models " + String.join(", ", MODELS) + " (requirements: [tensorflow], met by"
                + " model-server's built-in sum-and-diff) and Pipeline '" + PIPELINE.name() + "' (PUT /v1/pipelines/"
                + PIPELINE.name() + ")");
        for (String model : MODELS) {
            gateway.awaitModelAvailable(model, Demo.READY_TIMEOUT);
        }
        gateway.awaitPipelineReady(PIPELINE.name(), Demo.READY_TIMEOUT);
        out.printf(Locale.ROOT, "  pipeline Ready in %.1f s (models Available, dataflow running)%n",
                (System.nanoTime() - started) / 1e9);
        String answer = gateway.infer("/v2/models/" + PIPELINE.name() + "/infer", SeldonSamplePipelines.TFSIMPLE_REQUEST,
                ADDRESS);
        out.println("  inference: " + answer);
        return answer;
    }

    /** The {@code curl} lines that repeat it. */
    List<String> curlLines() {
        return List.of(
                "  curl -s -H 'Content-Type: application/json' -H 'seldon-model: " + ADDRESS.get("seldon-model")
                        + "' -d '" + SeldonSamplePipelines.TFSIMPLE_REQUEST + "' \\",
                "       " + gateway.resolve("/v2/models/" + PIPELINE.name() + "/infer"),
                "  curl -s " + gateway.resolve("/v1/pipelines/" + PIPELINE.name()) + "     # spec and status");
    }
}
