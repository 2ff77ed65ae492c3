package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.V2Json;
import io.seldonmesh.modelfetcher.core.ServerIdentity;
import io.seldonmesh.testkit.SeldonSampleModels;
import io.seldonmesh.testkit.SharedServers;

/**
 * Seldon Core 2's sample Models, as Seldon publishes them apart from {@code storageUri} (testkit's
 * {@link SeldonSampleModels}), applied through the control topic of the real broker to a fetcher
 * whose server declares the capabilities model-server stands in for; the model-server's loading
 * code loads the built-ins, which answer the requests of Seldon's pipeline examples.
 */
class SeldonSampleModelsTest {

    /** What model-server/README.md tells a fetcher beside it to declare. */
    private static final ServerIdentity MODEL_SERVER = new ServerIdentity("mlserver", "mlserver-0", 0,
            Set.of("onnx", "tensorflow", "triton", "python"), OptionalLong.empty(), new Endpoints("http://mlserver-0:9500", null));
    private static final String ONE_TO_SIXTEEN = "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]";

    @TempDir
    Path directory;

    private ModelTopics topics;
    private SeldonSampleModels samples;
    private ServerReplica replica;

    @BeforeEach
    void start() throws Exception {
        topics = new ModelTopics();
        samples = SeldonSampleModels.upload(SharedServers.s3(), SharedServers.S3_BUCKET, "seldon-samples-" + System.nanoTime());
        replica = new ServerReplica(MODEL_SERVER, topics, directory, List.of(SeldonSampleModels.STORAGE_SECRET));
        samples.writeStorageSecret(replica.secrets());
    }

    @AfterEach
    void stop() {
        replica.close();
        topics.close();
    }

    @Test
    void everySampleBecomesAvailableAndAnswersSeldonsDocumentedRequests() {
        samples.samples().forEach(sample -> topics.apply(sample.resource()));

        for (SeldonSampleModels.Sample sample : samples.samples()) {
            ModelStatus available = topics.await(sample.name(), ModelState.AVAILABLE);
            assertThat(available.verification()).as(sample.name()).isEqualTo("etag-md5 (1 file)");
        }
        for (String tfsimple : List.of("tfsimple1", "tfsimple2", "tfsimple3")) {
            List<Tensor> outputs = infer(tfsimple, "{\"inputs\":[{\"name\":\"INPUT0\",\"data\":" + ONE_TO_SIXTEEN
                    + ",\"datatype\":\"INT32\",\"shape\":[1,16]},{\"name\":\"INPUT1\",\"data\":" + ONE_TO_SIXTEEN
                    + ",\"datatype\":\"INT32\",\"shape\":[1,16]}]}");
            assertThat(outputs).extracting(Tensor::name).containsExactly("OUTPUT0", "OUTPUT1");
            assertThat(outputs.get(0).ints()).containsExactly(2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32);
            assertThat(outputs.get(1).ints()).hasSize(16).containsOnly(0);
        }
        String input = "{\"inputs\":[{\"name\":\"INPUT\",\"datatype\":\"FP32\",\"shape\":[4],\"data\":[1,2,3,4]}]}";
        assertThat(infer("mul10", input)).singleElement().satisfies(output -> {
            assertThat(output.name()).isEqualTo("OUTPUT");
            assertThat(output.shape()).containsExactly(4);
            assertThat(output.floats()).containsExactly(10, 20, 30, 40);
        });
        assertThat(infer("add10", input).get(0).floats()).containsExactly(11, 12, 13, 14);
        String conditional = "{\"inputs\":[{\"name\":\"CHOICE\",\"data\":[%d],\"datatype\":\"INT32\",\"shape\":[1]},"
                + "{\"name\":\"INPUT0\",\"data\":[1,2,3,4],\"datatype\":\"FP32\",\"shape\":[4]},"
                + "{\"name\":\"INPUT1\",\"data\":[5,6,7,8],\"datatype\":\"FP32\",\"shape\":[4]}]}";
        assertThat(infer("conditional", conditional.formatted(0))).singleElement().satisfies(output -> {
            assertThat(output.name()).isEqualTo("OUTPUT0");
            assertThat(output.floats()).containsExactly(1, 2, 3, 4);
        });
        assertThat(infer("conditional", conditional.formatted(1))).extracting(Tensor::name).containsExactly("OUTPUT1");
    }

    /** Seldon's samples/models/sklearn-iris-gs.yaml: no built-in stands in for a scikit-learn model. */
    @Test
    void sampleTheServerCannotStandInForIsLoadFailedNamingTheRequirement() {
        topics.apply("""
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata:
                  name: iris
                spec:
                  storageUri: "gs://seldon-models/scv2/samples/mlserver_1.3.0/iris-sklearn"
                  requirements:
                  - sklearn
                  memory: 100Ki
                """);

        assertThat(topics.await("iris", ModelState.LOAD_FAILED).reason()).isEqualTo("Model iris requires [sklearn], which"
                + " server 'mlserver' (capabilities: onnx, python, tensorflow, triton) does not offer; deploy a server with"
                + " these capabilities or change spec.requirements");
    }

    private List<Tensor> infer(String model, String seldonRequest) {
        return Tensors.outputs(replica.modelServer().inference().infer(
                V2Json.parseRequest(seldonRequest).toBuilder().setModelName(model).build()));
    }
}
