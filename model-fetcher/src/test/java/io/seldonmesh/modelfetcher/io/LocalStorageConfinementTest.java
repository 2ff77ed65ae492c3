package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.v2.Datatype;
import io.seldonmesh.common.v2.Tensor;
import io.seldonmesh.common.v2.Tensors;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.modelfetcher.core.ServerIdentity;

/**
 * A local {@code storageUri} on the real path (control topic, fetcher, the model-server's loading
 * code): refused unless it stays inside {@code LOCAL_STORAGE_ROOTS}, with the rule in the status,
 * and nothing of a refused or failed local load left in the models volume.
 */
class LocalStorageConfinementTest {

    private static final ServerIdentity SERVER = new ServerIdentity("mlserver", "mlserver-0", 0, Set.of(),
            OptionalLong.empty(), new Endpoints("http://mlserver-0:9500", null));
    private static final String ADD10_SETTINGS = "{\"implementation\": \"add10\"}";
    private static final String NOT_RETRIED = "; not retried: apply the Model again once this is corrected";

    @TempDir
    Path directory;

    private ModelTopics topics;
    private ServerReplica replica;
    private Path root;
    private Path outside;

    private void start(List<Path> roots) throws Exception {
        topics = new ModelTopics();
        replica = new ServerReplica(SERVER, topics, directory.resolve("replica"), List.of(), roots);
    }

    private void startWithRoot() throws Exception {
        root = Files.createDirectories(directory.resolve("allowed"));
        outside = Files.createDirectories(directory.resolve("outside"));
        start(List.of(root));
    }

    @AfterEach
    void stop() {
        if (replica != null) {
            replica.close();
            topics.close();
        }
    }

    @Test
    void localPathIsRefusedWhenNoRootIsAllowed() throws Exception {
        Path source = model(Files.createDirectories(directory.resolve("models/iris")));
        start(List.of());

        topics.sendSpec("iris", spec(source.toString()));

        assertThat(loadFailedReason("iris")).isEqualTo("Model iris: storageUri '" + source + "' is a local path, and local"
                + " paths are refused: LOCAL_STORAGE_ROOTS is not set on this model-fetcher; set it to the directories Models"
                + " may be copied from, or store the model in S3" + NOT_RETRIED);
        assertNothingCopied("iris");
    }

    @Test
    void directoryOutsideTheRootsSuchAsEtcIsRefused() throws Exception {
        startWithRoot();

        topics.sendSpec("ssh", spec("/etc"));

        assertThat(loadFailedReason("ssh")).isEqualTo("Model ssh: storageUri '/etc' is refused: it is not inside"
                + " LOCAL_STORAGE_ROOTS (" + root + "); move the model into one of them, or add its directory to"
                + " LOCAL_STORAGE_ROOTS" + NOT_RETRIED);
        assertNothingCopied("ssh");
    }

    @Test
    void symbolicLinkInARootLeadingOutOfItIsRefused() throws Exception {
        startWithRoot();
        Path secrets = model(Files.createDirectories(outside.resolve("secrets")));
        Files.writeString(secrets.resolve("aws-credentials"), "secret_access_key: not-for-the-models-volume");
        Files.createSymbolicLink(root.resolve("iris"), secrets);
        Path linkedFile = model(Files.createDirectories(root.resolve("mnist")));
        Files.createSymbolicLink(linkedFile.resolve("aws-credentials"), secrets.resolve("aws-credentials"));

        topics.sendSpec("iris", spec(root.resolve("iris").toString()));
        topics.sendSpec("mnist", spec(linkedFile.toString()));

        assertThat(loadFailedReason("iris")).isEqualTo("Model iris: storageUri '" + root.resolve("iris") + "' is refused:"
                + " it resolves through a symbolic link to " + secrets.toRealPath() + ", outside LOCAL_STORAGE_ROOTS (" + root
                + "); links leading out of a root are not followed, copy the files into the root instead" + NOT_RETRIED);
        assertThat(loadFailedReason("mnist")).isEqualTo("Model mnist: storageUri '" + linkedFile + "' is refused: "
                + linkedFile.resolve("aws-credentials") + " is a symbolic link to " + secrets.toRealPath().resolve("aws-credentials")
                + ", outside LOCAL_STORAGE_ROOTS (" + root + "); links leading out of a root are not followed, copy the file"
                + " into the root instead" + NOT_RETRIED);
        assertNothingCopied("iris");
        assertNothingCopied("mnist");
    }

    @Test
    void pathWithDotDotSegmentsIsRefusedEvenWhenItEndsInsideARoot() throws Exception {
        startWithRoot();
        model(Files.createDirectories(root.resolve("iris")));
        String climbing = root + "/../" + root.getFileName() + "/iris";

        topics.sendSpec("iris", spec(climbing));

        assertThat(loadFailedReason("iris")).isEqualTo("Model iris: storageUri '" + climbing + "' is refused: it contains"
                + " '..'; name the directory inside LOCAL_STORAGE_ROOTS (" + root + ") without '..'" + NOT_RETRIED);
        assertNothingCopied("iris");
    }

    @Test
    void directoryInsideARootIsCopiedLoadedAndAnswers() throws Exception {
        startWithRoot();
        Path source = model(Files.createDirectories(root.resolve("iris")));
        Files.createDirectories(root.resolve("shared"));
        Files.writeString(root.resolve("shared/vocab.txt"), "a b c");
        Files.createSymbolicLink(source.resolve("vocab.txt"), root.resolve("shared/vocab.txt"));

        long offset = topics.sendSpec("iris", spec(source.toString()));

        ModelStatus available = topics.await("iris", ModelState.AVAILABLE);
        assertThat(available.verification()).isEqualTo("size (2 files)");
        Path version = replica.modelsRoot().resolve("iris").resolve(Long.toString(offset));
        assertThat(version.resolve("vocab.txt")).hasContent("a b c").isRegularFile();
        assertThat(Files.isSymbolicLink(version.resolve("vocab.txt"))).isFalse();
        Tensor input = Tensor.ofFloats("INPUT", Datatype.FP32, new long[] {1, 4}, new float[] {1, 2, 3, 4});
        ModelInferRequest request = Tensors.setInputs(ModelInferRequest.newBuilder().setModelName("iris"), List.of(input)).build();
        assertThat(Tensors.outputs(replica.modelServer().inference().infer(request)).get(0).floats())
                .containsExactly(11, 12, 13, 14);
    }

    @Test
    void localLoadTheModelServerRefusesLeavesNoCopyBehind() throws Exception {
        startWithRoot();
        Path source = Files.createDirectories(root.resolve("broken"));
        Files.writeString(source.resolve("model-settings.json"), "{\"implementation\": \"no-such-implementation\"}");

        topics.sendSpec("broken", spec(source.toString()));

        assertThat(loadFailedReason("broken")).contains("did not load version").contains("no-such-implementation");
        assertNothingCopied("broken");
    }

    private static Path model(Path source) throws IOException {
        Files.writeString(source.resolve("model-settings.json"), ADD10_SETTINGS);
        return source;
    }

    private static String spec(String storageUri) {
        return "{\"storageUri\": \"" + storageUri + "\", \"server\": \"mlserver\"}";
    }

    private String loadFailedReason(String model) {
        return topics.await(model, ModelState.LOAD_FAILED).reason();
    }

    private void assertNothingCopied(String model) {
        assertThat(replica.modelsRoot().resolve(model)).as("what the fetcher left of " + model).doesNotExist();
    }
}
