package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.testkit.FreePort;
import io.seldonmesh.testkit.SharedServers;

/** The doctor's model server check: a V2 server answers, a closed port or another kind of server is named. */
class ModelServerCheckTest {

    @TempDir
    Path models;

    @Test
    void v2ServerAnswersWithItsName() {
        try (InProcessModelServer server = new InProcessModelServer(models)) {
            List<Finding> findings = new ModelServerCheck(server.url()).examine();

            assertThat(findings).singleElement().satisfies(finding -> assertThat(finding.line())
                    .isEqualTo("✓ OK   model server   " + server.url() + " answers GET /v2 (in-process-model-server test)"));
        }
    }

    @Test
    void closedPortFailsNamingTheVariable() {
        URI nothing = URI.create("http://127.0.0.1:" + FreePort.next());

        List<Finding> findings = new ModelServerCheck(nothing).examine();

        assertThat(findings).singleElement().satisfies(finding -> assertThat(finding.line())
                .startsWith("✗ FAIL model server   cannot reach the model server at " + nothing + ": ConnectException")
                .endsWith("; check MODEL_SERVER_URL and that the model server is running"));
    }

    @Test
    void anotherKindOfServerFailsNamingItsAnswer() {
        URI s3 = SharedServers.s3().endpoint();

        List<Finding> findings = new ModelServerCheck(s3).examine();

        assertThat(findings).singleElement().satisfies(finding -> assertThat(finding.line())
                .startsWith("✗ FAIL model server   " + s3 + " answered GET /v2 with HTTP ")
                .endsWith(": no Open Inference Protocol server there; check MODEL_SERVER_URL"));
    }
}
