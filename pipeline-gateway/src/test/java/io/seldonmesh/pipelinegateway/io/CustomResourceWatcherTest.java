package io.seldonmesh.pipelinegateway.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.spec.StorageAllowList;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.PipelineState;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.Eventually;
import io.seldonmesh.pipelinegateway.StatusWriter;
import io.seldonmesh.pipelinegateway.core.StepScanLimits;
import io.seldonmesh.pipelinegateway.core.TimeoutPolicy;
import io.seldonmesh.testkit.Listener;
import io.seldonmesh.testkit.SharedServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CR watcher against Fabric8's mock API server (CRUD mode) and a real broker. */
@EnableKubernetesMockClient(crud = true)
class CustomResourceWatcherTest {

    private static final String BOOTSTRAP = SharedServers.kafka().bootstrapServers(Listener.PLAINTEXT);
    private static final ResourceDefinitionContext MODELS = context("Model", "models");
    private static final ResourceDefinitionContext PIPELINES = context("Pipeline", "pipelines");

    private static final String WATCHER_AGENT = "pipeline-gateway-watcher";
    private static final Path DEPLOYED_RBAC = Path.of("..", "deploy", "pipeline-gateway", "rbac.yaml");

    static KubernetesClient client;
    static KubernetesMockServer server;

    /** The watcher's own client: its calls are told from the test's by their User-Agent. */
    private KubernetesClient watcherClient;

    private KafkaGateway gateway;
    private StatusWriter status;
    private CustomResourceWatcher watcher;

    @BeforeEach
    void start() {
        client.apiextensions().v1().customResourceDefinitions().resource(definition("Model", "models"))
                .createOr(NonDeletingOperation::update);
        client.apiextensions().v1().customResourceDefinitions().resource(definition("Pipeline", "pipelines"))
                .createOr(NonDeletingOperation::update);
        String namespace = "crds-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> environment = Map.of("KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP, "SELDON_NAMESPACE", namespace);
        gateway = new KafkaGateway(KafkaClientFactory.fromEnvironment(environment), new TimeoutPolicy(Duration.ofSeconds(5), Duration.ofSeconds(5)), 10, StepScanLimits.DEFAULT, new SimpleMeterRegistry());
        gateway.start();
        Eventually.until(Duration.ofSeconds(20), () -> "gateway ready: " + gateway.notReadyBecause(),
                () -> gateway.notReadyBecause().isEmpty());
        status = new StatusWriter(BOOTSTRAP, gateway.topics());
        watcherClient = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(WATCHER_AGENT).build()).build();
        watcher = new CustomResourceWatcher(watcherClient, client.getNamespace(), gateway.catalog(), gateway.specs(),
                StorageAllowList.parse(client.getNamespace() + "=s3://models/, elsewhere=s3://other-team/"),
                Duration.ofSeconds(2));
        watcher.start();
    }

    @AfterEach
    void stop() {
        watcher.close();
        watcherClient.close();
        status.close();
        gateway.close();
    }

    @Test
    void modelResourceBecomesASpecAndGetsItsStatusWrittenBack() {
        create(MODELS, Declarations.modelYaml("iris"));
        Eventually.until(Duration.ofSeconds(10), () -> "iris in the catalog",
                () -> gateway.catalog().model("iris").isPresent());
        assertThat(gateway.catalog().model("iris").orElseThrow().spec().storageUri()).isEqualTo("s3://models/iris");
        Eventually.until(Duration.ofSeconds(10), () -> "iris status says not ready: " + statusOf(MODELS, "iris"),
                () -> "False".equals(condition(MODELS, "iris")));

        status.model("iris", ModelState.AVAILABLE, null);

        Eventually.until(Duration.ofSeconds(10), () -> "iris status says ready: " + statusOf(MODELS, "iris"),
                () -> "True".equals(condition(MODELS, "iris")));
    }

    /** What Seldon's printer columns and tooling read: Knative conditions sorted by type, replica counts. */
    @Test
    void statusesReadBackHaveSeldonsShape() {
        create(MODELS, Declarations.modelYaml("shaped"));
        create(PIPELINES, """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Pipeline
                metadata:
                  name: shaped-flow
                spec:
                  steps:
                  - name: shaped
                  - name: missing
                  output:
                    steps: [shaped]
                """);
        status.model("shaped", ModelState.AVAILABLE, null);
        status.pipeline("shaped-flow", PipelineState.READY, null);
        Eventually.until(Duration.ofSeconds(10), () -> "shaped status: " + statusOf(MODELS, "shaped"),
                () -> "True".equals(condition(MODELS, "shaped")));

        Map<String, Object> model = statusOf(MODELS, "shaped");
        assertThat(model).containsOnlyKeys("conditions", "replicas", "availableReplicas")
                .containsEntry("replicas", 1).containsEntry("availableReplicas", 1);
        assertThat(conditions(model)).extracting(c -> c.get("type")).containsExactly("ModelReady", "Ready");
        assertThat(conditions(model)).allSatisfy(c -> assertThat(c)
                .containsKeys("type", "status", "reason", "message", "lastTransitionTime")
                .containsEntry("status", "True"));
        String since = String.valueOf(conditions(model).get(0).get("lastTransitionTime"));

        Eventually.until(Duration.ofSeconds(10), () -> "shaped-flow status: " + statusOf(PIPELINES, "shaped-flow"),
                () -> conditions(statusOf(PIPELINES, "shaped-flow")).size() == 4);
        List<Map<String, Object>> pipeline = conditions(statusOf(PIPELINES, "shaped-flow"));
        assertThat(pipeline).extracting(c -> c.get("type"))
                .containsExactly("ModelsReady", "PipelineGwReady", "PipelineReady", "Ready");
        assertThat(pipeline).extracting(c -> c.get("status")).containsExactly("False", "True", "True", "False");
        assertThat(pipeline.get(0)).containsEntry("reason", "Some models are not available")
                .containsEntry("message", "not available: missing");
        assertThat(pipeline.get(3)).containsEntry("message", "not available: missing");

        status.model("shaped", ModelState.LOADING, "reloading");
        Eventually.until(Duration.ofSeconds(10), () -> "shaped not ready: " + statusOf(MODELS, "shaped"),
                () -> "False".equals(condition(MODELS, "shaped")));
        assertThat(statusOf(MODELS, "shaped")).containsEntry("availableReplicas", 0);
        assertThat(conditions(statusOf(MODELS, "shaped")).get(0)).containsEntry("reason", "Loading")
                .doesNotContainEntry("lastTransitionTime", since);
    }

    @Test
    void invalidResourceIsNotWrittenAndItsStatusNamesTheField() {
        create(MODELS, """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata:
                  name: no-uri
                spec:
                  requirements: [sklearn]
                """);
        Eventually.until(Duration.ofSeconds(10), () -> "no-uri status: " + statusOf(MODELS, "no-uri"),
                () -> conditions(statusOf(MODELS, "no-uri")).stream().anyMatch(c -> "ModelReady".equals(c.get("type"))
                        && "InvalidSpec".equals(c.get("reason"))
                        && String.valueOf(c.get("message")).contains("spec.storageUri: missing")));
        assertThat(gateway.catalog().model("no-uri")).isEmpty();
    }

    @Test
    void modelOutsideItsNamespacesAllowedStorageIsNotWrittenAndItsStatusNamesTheRule() {
        create(MODELS, Declarations.modelYaml("other-teams", "s3://other-team/iris"));
        Eventually.until(Duration.ofSeconds(10), () -> "other-teams status: " + statusOf(MODELS, "other-teams"),
                () -> conditions(statusOf(MODELS, "other-teams")).stream().anyMatch(c ->
                        "ModelReady".equals(c.get("type")) && "InvalidSpec".equals(c.get("reason"))));
        create(MODELS, Declarations.modelYaml("own", "s3://models/own"));
        Eventually.until(Duration.ofSeconds(10), () -> "own in the catalog", () -> gateway.catalog().model("own").isPresent());

        assertThat(gateway.catalog().model("other-teams")).as("never written to the control topic").isEmpty();
        assertThat(conditions(statusOf(MODELS, "other-teams"))).filteredOn(c -> "ModelReady".equals(c.get("type")))
                .singleElement().satisfies(c -> assertThat(String.valueOf(c.get("message"))).contains(
                        "spec.storageUri: storageUri 's3://other-team/iris' is outside the locations this installation"
                                + " allows in namespace '" + client.getNamespace() + "' (STORAGE_URI_ALLOWED_PREFIXES: "
                                + client.getNamespace() + "=s3://models/)"));
    }

    @Test
    void deletedResourceBecomesATombstone() {
        create(MODELS, Declarations.modelYaml("doomed"));
        Eventually.until(Duration.ofSeconds(10), () -> "doomed in the catalog",
                () -> gateway.catalog().model("doomed").isPresent());

        client.genericKubernetesResources(MODELS).inNamespace(client.getNamespace()).withName("doomed").delete();

        Eventually.until(Duration.ofSeconds(10), () -> "doomed gone from the catalog",
                () -> gateway.catalog().model("doomed").isEmpty());
    }

    @Test
    void pipelineResourceBecomesASpecAndReportsItsDataflowStatus() {
        create(PIPELINES, """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Pipeline
                metadata:
                  name: flow
                spec:
                  steps:
                  - name: step-model
                  output:
                    steps: [step-model]
                """);
        Eventually.until(Duration.ofSeconds(10), () -> "flow in the catalog",
                () -> gateway.catalog().pipeline("flow").isPresent());
        create(MODELS, Declarations.modelYaml("step-model"));
        status.model("step-model", ModelState.AVAILABLE, null);
        status.pipeline("flow", PipelineState.READY, null);

        Eventually.until(Duration.ofSeconds(10), () -> "flow status: " + statusOf(PIPELINES, "flow"),
                () -> "True".equals(condition(PIPELINES, "flow")));
    }

    @Test
    void everyCallTheWatcherMakesIsAllowedByTheDeployedRole() throws Exception {
        create(MODELS, Declarations.modelYaml("audited"));
        create(PIPELINES, """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Pipeline
                metadata:
                  name: audited-flow
                spec:
                  steps:
                  - name: audited
                  output:
                    steps: [audited]
                """);
        status.model("audited", ModelState.AVAILABLE, null);
        status.pipeline("audited-flow", PipelineState.READY, null);
        Eventually.until(Duration.ofSeconds(10), () -> "statuses written back",
                () -> "True".equals(condition(MODELS, "audited")) && "True".equals(condition(PIPELINES, "audited-flow")));

        List<Rbac.Call> calls = new ArrayList<>();
        for (RecordedRequest request = server.takeRequest(100, TimeUnit.MILLISECONDS); request != null;
             request = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            if (WATCHER_AGENT.equals(request.getHeader("User-Agent"))) {
                calls.add(Rbac.Call.of(request.getMethod(), request.getPath()));
            }
        }
        Rbac role = Rbac.role(Files.readString(DEPLOYED_RBAC));

        assertThat(calls).extracting(Rbac.Call::verb).contains("list", "watch", "update");
        assertThat(calls).allSatisfy(call -> assertThat(role.allows(call))
                .as("%s is allowed by %s", call, DEPLOYED_RBAC).isTrue());
    }

    private static void create(ResourceDefinitionContext context, String yaml) {
        client.genericKubernetesResources(context).inNamespace(client.getNamespace())
                .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statusOf(ResourceDefinitionContext context, String name) {
        GenericKubernetesResource resource = client.genericKubernetesResources(context)
                .inNamespace(client.getNamespace()).withName(name).get();
        Object status = resource == null ? null : resource.getAdditionalProperties().get("status");
        return status == null ? Map.of() : (Map<String, Object>) status;
    }

    /** The status of the {@code Ready} condition, null while there is none. */
    private static String condition(ResourceDefinitionContext context, String name) {
        return conditions(statusOf(context, name)).stream().filter(c -> "Ready".equals(c.get("type")))
                .map(c -> String.valueOf(c.get("status"))).findFirst().orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> conditions(Map<String, Object> status) {
        Object conditions = status.get("conditions");
        return conditions instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup("mlops.seldon.io").withVersion("v1alpha1")
                .withKind(kind).withPlural(plural).withNamespaced(true).build();
    }

    private static CustomResourceDefinition definition(String kind, String plural) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + ".mlops.seldon.io").endMetadata()
                .withNewSpec().withGroup("mlops.seldon.io").withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).endNames()
                .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .endVersion()
                .endSpec().build();
    }
}
