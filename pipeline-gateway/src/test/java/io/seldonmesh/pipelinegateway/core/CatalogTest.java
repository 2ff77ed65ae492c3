package io.seldonmesh.pipelinegateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.ModelStatusKey;
import io.seldonmesh.common.status.PipelineState;
import io.seldonmesh.common.status.PipelineStatus;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.core.Availability.State;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private final Catalog catalog = new Catalog();

    @BeforeEach
    void caughtUp() {
        catalog.markCaughtUp();
    }

    @Test
    void nothingIsKnownBeforeTheTopicsAreRead() {
        Catalog starting = new Catalog();
        starting.putModel(model("iris"));
        Availability availability = starting.availability(Target.model("iris"));
        assertThat(availability.state()).isEqualTo(State.NOT_READY);
        assertThat(availability.reason()).contains("still reading the control and status topics");
    }

    @Test
    void undeclaredModelIsNotFoundSayingHowToDeclareIt() {
        Availability availability = catalog.availability(Target.model("iris"));
        assertThat(availability.state()).isEqualTo(State.NOT_FOUND);
        assertThat(availability.reason()).isEqualTo("no model 'iris' is declared: create it with PUT /v1/models/iris"
                + " (or a Model resource), or check the name");
    }

    @Test
    void declaredModelWithoutStatusIsNotReady() {
        catalog.putModel(model("iris"));
        assertThat(catalog.availability(Target.model("iris")).reason())
                .isEqualTo("model 'iris' is not available: no model server has reported loading it yet");
    }

    @Test
    void modelIsReadyWhenAnyReplicaIsAvailable() {
        catalog.putModel(model("iris"));
        catalog.putModelStatus(new ModelStatusKey("iris", "a"), status(ModelState.LOAD_FAILED, "out of memory"));
        catalog.putModelStatus(new ModelStatusKey("iris", "b"), status(ModelState.AVAILABLE, null));
        assertThat(catalog.availability(Target.model("iris")).isReady()).isTrue();
    }

    @Test
    void unavailableModelNamesEachReplicasStateAndReason() {
        catalog.putModel(model("iris"));
        catalog.putModelStatus(new ModelStatusKey("iris", "a"), status(ModelState.LOAD_FAILED, "out of memory"));
        catalog.putModelStatus(new ModelStatusKey("iris", "b"), status(ModelState.LOADING, null));
        assertThat(catalog.availability(Target.model("iris")).reason())
                .isEqualTo("model 'iris' is not available: replica a is LoadFailed (out of memory); replica b is Loading");
    }

    @Test
    void modelKnownOnlyFromItsStatusIsDeclaredUntilUnloaded() {
        catalog.putModelStatus(new ModelStatusKey("iris", "a"), status(ModelState.AVAILABLE, null));
        assertThat(catalog.availability(Target.model("iris")).isReady()).isTrue();
        catalog.putModelStatus(new ModelStatusKey("iris", "a"), status(ModelState.UNLOADED, null));
        assertThat(catalog.availability(Target.model("iris")).state()).isEqualTo(State.NOT_FOUND);
    }

    @Test
    void deletedSpecAndStatusesMakeTheModelUnknown() {
        catalog.putModel(model("iris"));
        catalog.putModelStatus(new ModelStatusKey("iris", "a"), status(ModelState.AVAILABLE, null));
        catalog.removeModel("iris");
        catalog.putModelStatus(new ModelStatusKey("iris", "a"), null);
        assertThat(catalog.availability(Target.model("iris")).state()).isEqualTo(State.NOT_FOUND);
        assertThat(catalog.modelNames()).isEmpty();
    }

    @Test
    void pipelineIsReadyWhenItsDataflowIsReadyAndEveryModelIsAvailable() {
        catalog.putPipeline(pipeline());
        catalog.putPipelineStatus("chain", new PipelineStatus(PipelineState.READY, null, Instant.now()));
        catalog.putModelStatus(new ModelStatusKey("first", "a"), status(ModelState.AVAILABLE, null));
        catalog.putModelStatus(new ModelStatusKey("second", "a"), status(ModelState.AVAILABLE, null));
        assertThat(catalog.availability(Target.pipeline("chain")).isReady()).isTrue();
    }

    @Test
    void pipelineNotReadyNamesItsStatusAndEachModelThatIsNotAvailable() {
        catalog.putPipeline(pipeline());
        catalog.putPipelineStatus("chain", new PipelineStatus(PipelineState.CREATING, "starting dataflow",
                Instant.now()));
        catalog.putModel(model("second"));
        catalog.putModelStatus(new ModelStatusKey("first", "a"), status(ModelState.AVAILABLE, null));
        assertThat(catalog.availability(Target.pipeline("chain")).reason())
                .isEqualTo("pipeline 'chain' is not ready: its status is Creating (starting dataflow);"
                        + " model 'second' is not available: no model server has reported loading it yet");
    }

    @Test
    void pipelineWithoutDataflowStatusIsNotReady() {
        catalog.putPipeline(pipeline());
        assertThat(catalog.availability(Target.pipeline("chain")).reason())
                .startsWith("pipeline 'chain' is not ready: its dataflow has not reported a status yet");
    }

    @Test
    void undeclaredPipelineIsNotFound() {
        assertThat(catalog.availability(Target.pipeline("chain")).reason())
                .startsWith("no pipeline 'chain' is declared: create it with PUT /v1/pipelines/chain");
    }

    private static Model model(String name) {
        return Model.parse(Declarations.modelYaml(name));
    }

    private static Pipeline pipeline() {
        return Pipeline.parse(Declarations.chainYaml("chain", "first", "second"));
    }

    private static ModelStatus status(ModelState state, String reason) {
        return new ModelStatus(state, "1", "server", null, reason, null, Instant.now());
    }
}
