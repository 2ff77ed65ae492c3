package io.seldonmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeldonCliTest {

    @TempDir
    Path directory;

    @Test
    void missingFileExitsTwoNamingTheFile() {
        CapturedRun run = CapturedRun.of(Map.of(), "model", "load", "-f", directory.resolve("absent.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("absent.yaml does not exist").doesNotContain("Exception", "\tat ");
    }

    @Test
    void invalidYamlExitsTwoWithTheLineOfTheProblem() throws IOException {
        Path file = write("bad.yaml", "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n  name: m\nspec:\n"
                + "  storageUri: [\n");

        CapturedRun run = CapturedRun.of(Map.of(), "model", "load", "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("bad.yaml", "not valid YAML at line 6").doesNotContain("\tat ");
    }

    @Test
    void pipelineFileGivenToModelLoadExitsTwoNamingTheKind() throws IOException {
        Path file = write("pipeline.yaml", "apiVersion: mlops.seldon.io/v1alpha1\nkind: Pipeline\nmetadata:\n"
                + "  name: p\nspec:\n  steps:\n  - name: a\n");

        CapturedRun run = CapturedRun.of(Map.of(), "model", "load", "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("kind: 'Pipeline' is not Model");
    }

    @Test
    void resourceNameThatIsNotADnsLabelExitsTwoWithASuggestion() throws IOException {
        Path file = write("model.yaml", "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n"
                + "  name: My_Model\nspec:\n  storageUri: s3://models/m\n");

        CapturedRun fromFile = CapturedRun.of(Map.of(), "model", "load", "-f", file.toString());
        CapturedRun fromArgument = CapturedRun.of(Map.of(), "pipeline", "status", "Tf_Simples");

        assertThat(fromFile.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fromFile.err()).contains("'My_Model' is not a valid model name", "'my-model'");
        assertThat(fromArgument.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fromArgument.err()).contains("'Tf_Simples' is not a valid pipeline name");
    }

    @Test
    void unknownOptionIsPicocliUsageError() {
        CapturedRun run = CapturedRun.of(Map.of(), "model", "list", "--colour");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unknown option: '--colour'", "Usage: seldon model list");
    }

    @Test
    void unreachableGatewayExitsThreeNamingTheAddressGivenAfterTheSubcommand() throws IOException {
        String closed = "http://127.0.0.1:" + closedPort();

        CapturedRun run = CapturedRun.of(Map.of(), "model", "list", "--gateway", closed);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach the gateway at " + closed, "--gateway or SELDON_GATEWAY");
    }

    @Test
    void gatewayComesFromTheEnvironmentWhenNotGiven() throws IOException {
        String closed = "http://127.0.0.1:" + closedPort();

        CapturedRun run = CapturedRun.of(Map.of("SELDON_GATEWAY", closed), "pipeline", "status", "p");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("cannot reach the gateway at " + closed);
    }

    @Test
    void gatewayThatIsNotAUrlExitsTwo() {
        CapturedRun run = CapturedRun.of(Map.of(), "--gateway", "127.0.0.1:9010", "model", "list");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--gateway '127.0.0.1:9010' is not an http(s) URL");
    }

    @Test
    void inferRequestThatIsNotJsonExitsTwoBeforeAnythingIsSent() {
        CapturedRun notJson = CapturedRun.of(Map.of(), "model", "infer", "iris", "{inputs: [");
        CapturedRun notV2 = CapturedRun.of(Map.of(), "model", "infer", "iris", "[1, 2]");
        CapturedRun neither = CapturedRun.of(Map.of(), "model", "infer", "iris");

        assertThat(notJson.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(notJson.err()).contains("the request is not valid JSON");
        assertThat(notV2.err()).contains("expected an object with \"inputs\"");
        assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(neither.err()).contains("-i FILE");
    }

    @Test
    void unloadTakesANameOrAFileNotBoth() throws IOException {
        Path file = write("model.yaml", "apiVersion: mlops.seldon.io/v1alpha1\nkind: Model\nmetadata:\n"
                + "  name: m\nspec:\n  storageUri: s3://models/m\n");

        CapturedRun run = CapturedRun.of(Map.of(), "model", "unload", "m", "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("one of them");
    }

    @Test
    void everyHelpListsTheExitCodes() {
        for (String[] args : new String[][] {{"--help"}, {"model", "--help"}, {"pipeline", "inspect", "--help"}}) {
            CapturedRun run = CapturedRun.of(Map.of(), args);

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Exit codes:", "3  cannot reach the gateway or Kafka", "4  timed out waiting");
        }
    }

    @Test
    void outputFormatIsCaseInsensitiveAndChecked() {
        CapturedRun wrong = CapturedRun.of(Map.of(), "-o", "yaml", "model", "list");

        assertThat(wrong.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.err()).contains("Invalid value for option '--output'", "HUMAN, JSON");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
