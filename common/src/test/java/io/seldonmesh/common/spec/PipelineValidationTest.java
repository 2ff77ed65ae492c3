package io.seldonmesh.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineValidationTest {

    private static final String FORMS = "valid forms: <step>, <step>.outputs, <step>.outputs.<tensor>, <step>.inputs,"
            + " <step>.inputs.<tensor>, or for the pipeline's own inputs <pipeline>.inputs, <pipeline>.inputs.<tensor>";

    @Test
    void inputFromUndefinedStepNamesTheStepAndTheDefinedOnes() {
        assertThat(problems("""
                steps:
                - name: tfsimple1
                - name: tfsimple2
                  inputs: [tfsimple3.outputs]
                """)).containsExactly("spec.steps[1].inputs[0]: 'tfsimple3.outputs' refers to step 'tfsimple3' which"
                + " is not defined in this pipeline (defined steps: tfsimple1, tfsimple2)");
    }

    @Test
    void inputWithAWrongSpecifierListsTheValidForms() {
        assertThat(problems("steps:\n- name: a\n- name: b\n  inputs: [a.output]\n"))
                .containsExactly("spec.steps[1].inputs[0]: 'a.output': 'output' must be 'inputs' or 'outputs'; " + FORMS);
    }

    @Test
    void inputWithTooManyPartsExplainsTensorNamesCannotHaveDots() {
        assertThat(problems("steps:\n- name: a\n- name: b\n  inputs: [a.outputs.t.x]\n"))
                .containsExactly("spec.steps[1].inputs[0]: 'a.outputs.t.x' has 4 dot-separated parts, at most 3 are"
                        + " allowed (tensor names cannot contain '.'); " + FORMS);
    }

    @Test
    void emptyInputEntryIsReported() {
        // Seldon's samples/pipelines/error-empty-input.yaml
        assertThat(problems("steps:\n- name: first\n- name: second\n  inputs:\n    -\n"))
                .containsExactly("spec.steps[1].inputs[0]: empty reference; " + FORMS);
    }

    @Test
    void referenceWithEmptyPartIsReported() {
        assertThat(problems("steps:\n- name: a\n- name: b\n  inputs: [a..t]\n"))
                .containsExactly("spec.steps[1].inputs[0]: 'a..t' has an empty part between dots; " + FORMS);
    }

    @Test
    void stepCannotTakeThePipelinesOwnOutputs() {
        assertThat(problems("steps:\n- name: a\n  inputs: [p.outputs]\n"))
                .containsExactly("spec.steps[0].inputs[0]: 'p.outputs' refers to this pipeline's outputs, which are"
                        + " made from its steps; refer to a step's outputs or to p.inputs");
    }

    @Test
    void invalidJoinTypeListsTheValidOnes() {
        assertThat(problems("steps:\n- name: a\n  inputsJoinType: left\n  triggersJoinType: Inner\n"
                + "output:\n  steps: [a]\n  stepsJoin: all\n")).containsExactly(
                "spec.steps[0].inputsJoinType: 'left' is not a join type; valid: inner, outer, any",
                "spec.steps[0].triggersJoinType: 'Inner' is not a join type; valid: inner, outer, any",
                "spec.output.stepsJoin: 'all' is not a join type; valid: inner, outer, any");
    }

    @Test
    void cycleBetweenStepsIsShownAsTheDataFlows() {
        assertThat(problems("steps:\n- name: a\n  inputs: [c]\n- name: b\n  inputs: [a]\n- name: c\n  inputs: [b]\n"))
                .containsExactly("spec.steps: steps form a cycle, a -> b -> c -> a (each takes data from the one"
                        + " before it); break it, or set spec.allowCycles: true if the loop is intended");
    }

    @Test
    void stepFeedingItselfIsACycle() {
        assertThat(problems("steps:\n- name: a\n  inputs: [a.outputs.t]\n"))
                .containsExactly("spec.steps: steps form a cycle, a -> a (each takes data from the one before it);"
                        + " break it, or set spec.allowCycles: true if the loop is intended");
    }

    @Test
    void triggersCountTowardsCycles() {
        assertThat(problems("steps:\n- name: a\n  triggers: [b]\n- name: b\n  inputs: [a]\n"))
                .singleElement().asString().startsWith("spec.steps: steps form a cycle, a -> b -> a");
    }

    @Test
    void cyclicPipelineKeepsItsRevisitLimit() {
        Pipeline pipeline = Pipeline.parseNamed("counter", "steps:\n- name: a\n  inputs: [counter.inputs, b]\n"
                + "  inputsJoinType: any\n- name: b\n  inputs: [a]\nallowCycles: true\nmaxStepRevisits: 100\n");

        assertThat(pipeline.spec().stepRevisits()).isEqualTo(100);
        assertThat(new String(pipeline.specJson())).contains("\"maxStepRevisits\":100");
    }

    @Test
    void negativeMaxStepRevisitsIsOutOfRange() {
        assertThat(problems("steps:\n- name: a\nallowCycles: true\nmaxStepRevisits: -1\n"))
                .containsExactly("spec.maxStepRevisits: -1 is out of range: expected 0 to 4294967295");
    }

    @Test
    void repeatedStepNameIsReportedWithTheFirstOne() {
        assertThat(problems("steps:\n- name: a\n- name: b\n- name: a\n"))
                .containsExactly("spec.steps[2].name: 'a' is already the name of spec.steps[0]; each model can be a"
                        + " step once per pipeline");
    }

    @Test
    void stepNamedLikeThePipelineIsAmbiguous() {
        assertThat(problems("steps:\n- name: p\n"))
                .containsExactly("spec.steps[0].name: 'p' is also the pipeline's name, so 'p.inputs' would be"
                        + " ambiguous; rename the step's model or the pipeline");
    }

    @Test
    void stepNameWithADotIsRejectedSayingWhy() {
        assertThat(problems("steps:\n- name: iris.v1\n")).containsExactly("spec.steps[0].name: 'iris.v1' is not a"
                + " valid step name: use up to 253 letters, digits, '-' and '_', starting and ending with a letter or"
                + " digit ('.' separates the parts of step references such as model.outputs)");
    }

    @Test
    void stepWithoutNameIsReported() {
        assertThat(problems("steps:\n- inputs: [p.inputs]\n"))
                .containsExactly("spec.steps[0].name: missing: each step names the model it runs");
    }

    @Test
    void pipelineWithoutStepsIsReported() {
        assertThat(problems("output:\n  steps: []\n")).containsExactly("spec.steps: a pipeline needs at least one step");
    }

    @Test
    void sameReferenceAsInputAndTriggerIsReported() {
        assertThat(problems("steps:\n- name: a\n- name: b\n  inputs: [a]\n  triggers: [a.outputs]\n"))
                .containsExactly("spec.steps[1].triggers[0]: 'a.outputs' is also one of the step's inputs; a trigger"
                        + " only gates the step, so list it either as input or as trigger");
    }

    @Test
    void tensorMapKeyMustNameOneTensor() {
        assertThat(problems("steps:\n- name: a\n- name: b\n  inputs: [a]\n  tensorMap:\n    a.outputs: INPUT0\n"))
                .containsExactly("spec.steps[1].tensorMap[\"a.outputs\"]: 'a.outputs' must name one tensor, e.g."
                        + " a.outputs.OUTPUT0: tensorMap renames single tensors");
    }

    @Test
    void tensorMapKeyFromUndefinedStepAndEmptyTargetAreReported() {
        assertThat(problems("steps:\n- name: a\n  tensorMap:\n    z.outputs.T: X\n    p.inputs.U: ''\n")).containsExactly(
                "spec.steps[0].tensorMap[\"z.outputs.T\"]: 'z.outputs.T' refers to step 'z' which is not defined in"
                        + " this pipeline (defined steps: a)",
                "spec.steps[0].tensorMap[\"p.inputs.U\"]: the new tensor name is empty");
    }

    @Test
    void outputFromUndefinedStepIsReported() {
        assertThat(problems("steps:\n- name: a\noutput:\n  steps: [b]\n"))
                .containsExactly("spec.output.steps[0]: 'b' refers to step 'b' which is not defined in this pipeline"
                        + " (defined steps: a)");
    }

    @Test
    void outputCannotBeThePipelinesInputs() {
        assertThat(problems("steps:\n- name: a\noutput:\n  steps: [p.inputs]\n"))
                .containsExactly("spec.output.steps[0]: 'p.inputs' refers to this pipeline's inputs; the output is"
                        + " made from steps, e.g. a");
    }

    @Test
    void externalInputWithBadSyntaxListsTheValidForms() {
        assertThat(problems("input:\n  externalInputs: [tfsimple.steps.tfsimple1]\nsteps:\n- name: a\n"))
                .containsExactly("spec.input.externalInputs[0]: 'tfsimple.steps.tfsimple1': 'steps' must be 'inputs'"
                        + " or 'outputs'; valid forms: <pipeline>, <pipeline>.outputs, <pipeline>.outputs.<tensor>,"
                        + " <pipeline>.inputs, <pipeline>.inputs.<tensor>, <pipeline>.step.<step>,"
                        + " <pipeline>.step.<step>.outputs[.<tensor>], <pipeline>.step.<step>.inputs[.<tensor>]");
    }

    @Test
    void externalInputFromThePipelineItselfIsReported() {
        assertThat(problems("input:\n  externalInputs: [p.outputs]\nsteps:\n- name: a\n"))
                .containsExactly("spec.input.externalInputs[0]: 'p.outputs' refers to this pipeline itself; external"
                        + " inputs come from other pipelines (use the steps' inputs for this pipeline's own data)");
    }

    @Test
    void externalTriggersWithoutExternalInputsAreReported() {
        assertThat(problems("input:\n  externalTriggers: [other.outputs]\nsteps:\n- name: a\n"))
                .containsExactly("spec.input.externalInputs: missing: external triggers gate inputs from other"
                        + " pipelines, so list those pipelines in externalInputs");
    }

    @Test
    void externalTensorMapKeyMustNameOneTensorAndJoinTypeBeValid() {
        assertThat(problems("input:\n  externalInputs: [other]\n  joinType: left\n  tensorMap:\n    other.outputs: X\n"
                + "steps:\n- name: a\n")).containsExactly(
                "spec.input.tensorMap[\"other.outputs\"]: 'other.outputs' must name one tensor, e.g."
                        + " other.outputs.OUTPUT0: tensorMap renames single tensors",
                "spec.input.joinType: 'left' is not a join type; valid: inner, outer, any");
    }

    @Test
    void wrongTypesAreReportedWithPathAndTheRestStillChecked() {
        assertThat(problems("steps:\n- name: a\n  joinWindowMs: soon\n  inputs: {a: b}\n  inputsJoinType: left\n"))
                .containsExactly(
                        "spec.steps[0].joinWindowMs: expected a whole number, got 'soon'",
                        "spec.steps[0].inputs: expected a list, got a mapping",
                        "spec.steps[0].inputsJoinType: 'left' is not a join type; valid: inner, outer, any");
    }

    @Test
    void stepsThatAreNotAListAreReported() {
        assertThat(problems("steps: tfsimple1\n")).containsExactly(
                "spec.steps: expected a list, got 'tfsimple1'",
                "spec.steps: a pipeline needs at least one step");
    }

    @Test
    void stepGivenAsAPlainNameIsReported() {
        assertThat(problems("steps:\n- tfsimple1\n")).containsExactly(
                "spec.steps[0]: expected a mapping (key: value), got 'tfsimple1'",
                "spec.steps[0]: empty step: each step needs at least a name");
    }

    @Test
    void windowsOutOfRangeAreReported() {
        assertThat(problems("steps:\n- name: a\n  joinWindowMs: -1\noutput:\n  steps: [a]\n  joinWindowMs: 4294967296\n"))
                .containsExactly("spec.steps[0].joinWindowMs: -1 is out of range: expected 0 to 4294967295",
                        "spec.output.joinWindowMs: 4294967296 is out of range: expected 0 to 4294967295");
    }

    @Test
    void batchNeedsASizeOrAWindow() {
        assertThat(problems("steps:\n- name: a\n  batch: {rolling: true}\n- name: b\n  batch: {size: 0}\n"))
                .containsExactly("spec.steps[0].batch: give size, windowMs or both: how many requests to collect, or"
                        + " for how long", "spec.steps[1].batch.size: 0 is not a batch size: it must be at least 1");
    }

    @Test
    void wrongKindAndApiVersionAreReported() {
        assertThat(problems(null, """
                apiVersion: machinelearning.seldon.io/v1
                kind: SeldonDeployment
                metadata:
                  name: p
                spec:
                  steps:
                  - name: a
                """)).containsExactly(
                "apiVersion: 'machinelearning.seldon.io/v1' is not mlops.seldon.io/v1alpha1",
                "kind: 'SeldonDeployment' is not Pipeline: this reader takes Pipeline resources");
    }

    @Test
    void resourceWithoutNameIsReported() {
        assertThat(problems(null, "apiVersion: mlops.seldon.io/v1alpha1\nkind: Pipeline\nspec:\n  steps:\n  - name: a\n"))
                .containsExactly("metadata.name: missing: a Pipeline needs a name (it names its Kafka topics and its"
                        + " steps' references)");
    }

    @Test
    void bareSpecWithoutNameIsReported() {
        assertThat(problems(null, "steps:\n- name: a\n")).containsExactly("metadata.name: missing: a bare spec needs"
                + " the Pipeline's name given with it (or send the whole resource with metadata.name)");
    }

    @Test
    void nameInResourceMustMatchTheNameItWasSentUnder() {
        assertThat(problems("q", "apiVersion: mlops.seldon.io/v1alpha1\nkind: Pipeline\nmetadata: {name: p}\n"
                + "spec:\n  steps:\n  - name: a\n"))
                .containsExactly("metadata.name: 'p' differs from the name 'q' it was sent under");
    }

    @Test
    void invalidPipelineNameIsReported() {
        assertThat(problems("my.pipeline", "steps:\n- name: a\n")).containsExactly("metadata.name: 'my.pipeline' is"
                + " not a valid pipeline name: Seldon pipeline names are Kubernetes DNS-1123 labels: at most 63"
                + " characters, lowercase letters, digits and '-', starting and ending with a letter or digit (e.g."
                + " 'my-pipeline')");
        assertThat(problems("Fraud_Check", "steps:\n- name: a\n")).singleElement().asString()
                .contains("(e.g. 'fraud-check')");
    }

    @Test
    void resourceWithoutSpecIsReported() {
        assertThat(problems(null, "apiVersion: mlops.seldon.io/v1alpha1\nkind: Pipeline\nmetadata: {name: p}\n"))
                .containsExactly("spec: missing: a Pipeline resource needs a spec");
    }

    @Test
    void documentsThatAreNotOneResourceAreReported() {
        assertThat(problems("p", "")).containsExactly("document: empty: expected YAML or JSON");
        assertThat(problems("p", "steps:\n- name: a\n---\nsteps:\n- name: b\n"))
                .containsExactly("document: holds 2 resources: send one at a time");
        assertThat(problems("p", "- name: a\n")).containsExactly("document: expected a Pipeline resource (a mapping"
                + " with apiVersion, kind, metadata and spec) or its spec, got a list");
    }

    @Test
    void malformedYamlAndJsonAreReportedWithTheirPosition() {
        assertThat(problems("p", "steps: [\n")).containsExactly("document: not valid YAML at line 1, column 9: while"
                + " parsing a flow node, expected the node content, but found '<stream end>'");
        assertThat(problems("p", "{\"steps\": }")).singleElement().asString()
                .startsWith("document: not valid JSON at line 1, column 11: Unexpected character ('}'");
    }

    @Test
    void everyProblemIsReportedAtOnceInTheExceptionMessage() {
        InvalidSpecException invalid = catchThrowableOfType(InvalidSpecException.class, () -> Pipeline.parse("""
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Pipeline
                metadata:
                  name: join
                spec:
                  steps:
                  - name: tfsimple1
                  - name: tfsimple2
                    inputs: [tfsimple3.outputs]
                    inputsJoinType: left
                  output:
                    steps: [tfsimple4]
                """));

        assertThat(invalid.kind()).isEqualTo("Pipeline");
        assertThat(invalid.name()).isEqualTo("join");
        assertThat(invalid.problems()).hasSize(3);
        assertThat(invalid.getMessage()).isEqualTo("""
                Pipeline 'join' is invalid (3 problems):
                  spec.steps[1].inputs[0]: 'tfsimple3.outputs' refers to step 'tfsimple3' which is not defined in \
                this pipeline (defined steps: tfsimple1, tfsimple2)
                  spec.steps[1].inputsJoinType: 'left' is not a join type; valid: inner, outer, any
                  spec.output.steps[0]: 'tfsimple4' refers to step 'tfsimple4' which is not defined in this pipeline \
                (defined steps: tfsimple1, tfsimple2)""");
    }

    @Test
    void pipelinesBuiltInCodeAreValidatedToo() {
        PipelineSpec spec = new PipelineSpec(null, List.of(new PipelineStep("a", List.of("b"), null, null, null, null,
                null, null, null)), null, null, null, null, null);

        assertThatThrownBy(() -> new Pipeline("p", spec)).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("'b' refers to step 'b' which is not defined");
    }

    private static List<String> problems(String yaml) {
        return problems("p", yaml);
    }

    private static List<String> problems(String name, String document) {
        try {
            Pipeline.parseNamed(name, document);
            return List.of();
        } catch (InvalidSpecException e) {
            return e.problems().stream().map(SpecProblem::toString).toList();
        }
    }
}
