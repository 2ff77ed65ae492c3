package io.seldonmesh.pipelinegateway.overview;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.pipelinegateway.overview.PipelineGraph.Edge;
import io.seldonmesh.pipelinegateway.overview.PipelineGraph.Node;
import io.seldonmesh.testkit.SeldonSamplePipelines;
import org.junit.jupiter.api.Test;

class OverviewPipelineGraphTest {

    @Test
    void tfsimplesIsTwoStepsInALineWithTheTensorMapOnTheirEdge() {
        PipelineGraph graph = PipelineGraph.of(Pipeline.parse(SeldonSamplePipelines.TFSIMPLES.resource()));

        assertThat(graph.nodes()).extracting(Node::id)
                .containsExactly(PipelineGraph.INPUTS, "tfsimple1", "tfsimple2", PipelineGraph.OUTPUT);
        assertThat(graph.nodes()).extracting(Node::join).containsOnlyNulls();
        assertThat(graph.edges()).containsExactly(
                new Edge(PipelineGraph.INPUTS, "tfsimple1", "data", ""),
                new Edge("tfsimple1", "tfsimple2", "data", "OUTPUT0 → INPUT0, OUTPUT1 → INPUT1"),
                new Edge("tfsimple2", PipelineGraph.OUTPUT, "data", ""));
    }

    @Test
    void joinedStepShowsItsJoinTypeWindowAndTriggerEdges() {
        PipelineGraph graph = PipelineGraph.of(Pipeline.parse("""
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Pipeline
                metadata:
                  name: joined
                spec:
                  steps:
                    - name: check
                    - name: a
                    - name: b
                    - name: combine
                      inputs:
                      - a.outputs.OUTPUT0
                      - b.outputs.OUTPUT1
                      - joined.inputs.INPUT0
                      tensorMap:
                        a.outputs.OUTPUT0: INPUT0
                      inputsJoinType: outer
                      joinWindowMs: 5000
                      triggers:
                      - check.outputs.ok
                      triggersJoinType: any
                  output:
                    steps:
                    - combine
                    - a
                    stepsJoin: any
                """));

        Node combine = graph.nodes().stream().filter(n -> n.id().equals("combine")).findFirst().orElseThrow();
        assertThat(combine).isEqualTo(new Node("combine", "step", "outer", "any", 5000L));
        assertThat(graph.nodes().get(graph.nodes().size() - 1))
                .isEqualTo(new Node(PipelineGraph.OUTPUT, "output", "any", null, null));
        assertThat(graph.edges()).filteredOn(e -> e.to().equals("combine")).containsExactly(
                new Edge("a", "combine", "data", "OUTPUT0 → INPUT0"),
                new Edge("b", "combine", "data", "OUTPUT1"),
                new Edge(PipelineGraph.INPUTS, "combine", "data", "INPUT0"),
                new Edge("check", "combine", "trigger", "ok"));
    }

    @Test
    void seldonsTriggerJoinsSampleHasTriggerEdgesFromThePipelineInputsAndAnAnyOutputJoin() {
        PipelineGraph graph = PipelineGraph.of(Pipeline.parse(SeldonSamplePipelines.TRIGGER_JOINS.resource()));

        assertThat(graph.nodes()).extracting(Node::id)
                .containsExactly(PipelineGraph.INPUTS, "mul10", "add10", PipelineGraph.OUTPUT);
        assertThat(graph.nodes()).extracting(Node::triggers).containsExactly(null, "any", "inner", null);
        assertThat(graph.nodes()).extracting(Node::join).containsExactly(null, null, null, "any");
        assertThat(graph.edges()).filteredOn(e -> e.to().equals("mul10")).containsExactly(
                new Edge(PipelineGraph.INPUTS, "mul10", "data", "INPUT"),
                new Edge(PipelineGraph.INPUTS, "mul10", "trigger", "ok1, ok2"));
    }

    @Test
    void seldonsJoinSampleJoinsTwoStepsInnerByDefault() {
        PipelineGraph graph = PipelineGraph.of(Pipeline.parse(SeldonSamplePipelines.JOIN.resource()));

        assertThat(graph.nodes()).filteredOn(n -> n.id().equals("tfsimple3"))
                .containsExactly(new Node("tfsimple3", "step", "inner", null, null));
        assertThat(graph.edges()).filteredOn(e -> e.to().equals("tfsimple3")).containsExactly(
                new Edge("tfsimple1", "tfsimple3", "data", "OUTPUT0 → INPUT0"),
                new Edge("tfsimple2", "tfsimple3", "data", "OUTPUT1 → INPUT1"));
    }
}
