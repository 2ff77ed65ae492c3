package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.status.Endpoints;

class PlacementPolicyTest {

    private static final ServerIdentity MLSERVER_1 = new ServerIdentity("mlserver", "mlserver-1", 1, Set.of("SKLearn", "onnx "),
            OptionalLong.of(1024L * 1024 * 1024), new Endpoints("http://mlserver-1:9500", null));

    @Test
    void pinnedModelIsHeldOnlyByItsServer() {
        assertThat(decide("{\"storageUri\": \"s3://m/a\", \"server\": \"mlserver\", \"replicas\": 2}"))
                .isEqualTo(new Placement.Here());
        assertThat(decide("{\"storageUri\": \"s3://m/a\", \"server\": \"triton\", \"replicas\": 2}"))
                .isEqualTo(new Placement.Elsewhere("Model iris is pinned to server 'triton'"));
    }

    @Test
    void unpinnedModelGoesToAServerOfferingEveryRequirementWhateverTheCase() {
        assertThat(decide("{\"storageUri\": \"s3://m/a\", \"requirements\": [\"sklearn\", \"ONNX\"], \"replicas\": 2}"))
                .isEqualTo(new Placement.Here());
    }

    @Test
    void replicaLackingARequirementSaysWhichAndWhatItsServerOffers() {
        assertThat(decide("{\"storageUri\": \"s3://m/a\", \"requirements\": [\"sklearn\", \"gpu\", \"tensorflow\"], \"replicas\": 2}"))
                .isEqualTo(new Placement.Unfit("Model iris requires [gpu, tensorflow], which server 'mlserver' (capabilities:"
                        + " onnx, sklearn) does not offer; deploy a server with these capabilities or change spec.requirements"));
    }

    @Test
    void replicaBeyondTheWantedReplicasStaysSilentEvenWhenItLacksARequirement() {
        assertThat(decide("{\"storageUri\": \"s3://m/a\", \"requirements\": [\"gpu\"]}"))
                .isEqualTo(new Placement.Elsewhere("Model iris wants 1 replica(s); this is replica 1 of server 'mlserver'"));
    }

    /** A Seldon explainer needs MLServer's Alibi Explain runtime; no server here has one, whatever it declares. */
    @Test
    void explainerIsUnfitSayingWhyEvenOnAServerItIsPinnedTo() {
        assertThat(decide("{\"storageUri\": \"s3://m/a\", \"server\": \"mlserver\", \"replicas\": 2,"
                + " \"explainer\": {\"type\": \"anchor_tabular\", \"modelRef\": \"income\"}}"))
                .isEqualTo(new Placement.Unfit("Model iris cannot be served: spec.explainer: explainers are not run here:"
                        + " Seldon runs them in MLServer's Alibi Explain runtime (requirement alibi-explain), which calls"
                        + " the model it explains ('income', spec.explainer.modelRef) through Seldon's mesh, and this data"
                        + " plane has neither; serve the explained model as a plain Model and compute explanations with"
                        + " Alibi outside it, or keep the explainer on Seldon Core 2"));
    }

    @Test
    void serverWithoutCapabilitiesTakesOnlyPinnedModels() {
        ServerIdentity bare = new ServerIdentity("mlserver", "mlserver-0", 0, Set.of(), OptionalLong.empty(), null);

        assertThat(PlacementPolicy.decide(Model.parseNamed("iris", "{\"storageUri\": \"s3://m/a\"}"), bare, 0))
                .isEqualTo(new Placement.Unfit("Model iris names no server (spec.server) and server 'mlserver' declares no"
                        + " capabilities, so it takes only the Models pinned to it; set spec.server, or deploy a server whose"
                        + " capabilities cover spec.requirements"));
        assertThat(PlacementPolicy.decide(Model.parseNamed("iris", "{\"storageUri\": \"s3://m/a\", \"server\": \"mlserver\"}"),
                bare, 0)).isEqualTo(new Placement.Here());
    }

    @Test
    void onlyTheFirstReplicasOrdinalsHoldTheModel() {
        assertThat(decide("{\"storageUri\": \"s3://m/a\", \"server\": \"mlserver\"}"))
                .isEqualTo(new Placement.Elsewhere("Model iris wants 1 replica(s); this is replica 1 of server 'mlserver'"));
    }

    @Test
    void modelThatDoesNotFitBesideTheOthersIsRefusedWithBothFigures() {
        Placement placement = PlacementPolicy.decide(Model.parseNamed("iris",
                "{\"storageUri\": \"s3://m/a\", \"server\": \"mlserver\", \"replicas\": 2, \"memory\": \"600Mi\"}"),
                MLSERVER_1, 512L * 1024 * 1024);

        assertThat(placement).isEqualTo(new Placement.Refused("Model iris needs 600Mi (629145600 bytes) but server replica "
                + "mlserver-1 has 536870912 of 1073741824 bytes free; lower spec.memory, unload another model or give the "
                + "server more memory"));
    }

    private static Placement decide(String spec) {
        return PlacementPolicy.decide(Model.parseNamed("iris", spec), MLSERVER_1, 0);
    }
}
