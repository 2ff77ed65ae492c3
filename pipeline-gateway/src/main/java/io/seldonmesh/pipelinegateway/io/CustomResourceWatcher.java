package io.seldonmesh.pipelinegateway.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.seldonmesh.common.json.Json;
import io.seldonmesh.common.runtime.DaemonThreads;
import io.seldonmesh.common.spec.InvalidSpecException;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.spec.Pipeline;
import io.seldonmesh.common.spec.StorageAllowList;
import io.seldonmesh.common.spec.UnsupportedFeatures;
import io.seldonmesh.pipelinegateway.core.Catalog;
import io.seldonmesh.pipelinegateway.core.SeldonResourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * With {@code SELDON_WATCH_CRDS=true}, Seldon's Model and Pipeline custom resources are the source of the
 * specs: an informer (watch plus periodic resync) writes each valid resource's spec to the control topic
 * through the same {@link SpecPublisher} as the REST API, and a tombstone when the resource is deleted.
 * Every second the {@code status} of each resource is brought in line with the status topics (or with the
 * validation problems of an invalid resource), written only when it changed. A Model whose storage the allow-list
 * ({@code STORAGE_URI_ALLOWED_PREFIXES}) refuses in the resource's namespace is invalid like any other: its status
 * names the rule, and nothing is written to the control topic.
 */
public final class CustomResourceWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CustomResourceWatcher.class);
    private static final String GROUP = "mlops.seldon.io";
    private static final String VERSION = "v1alpha1";
    private static final Duration STATUS_INTERVAL = Duration.ofSeconds(1);

    private final KubernetesClient client;
    private final String namespace;
    private final Catalog catalog;
    private final SpecPublisher specs;
    private final StorageAllowList storageAllowList;
    private final Duration resync;
    private final ScheduledExecutorService statusWriter = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("custom-resource-status"));
    private final Kind models = new Kind(Model.KIND, "models");
    private final Kind pipelines = new Kind(Pipeline.KIND, "pipelines");

    public CustomResourceWatcher(KubernetesClient client, String namespace, Catalog catalog, SpecPublisher specs,
                                 StorageAllowList storageAllowList, Duration resync) {
        this.client = client;
        this.namespace = namespace;
        this.catalog = catalog;
        this.specs = specs;
        this.storageAllowList = storageAllowList;
        this.resync = resync;
    }

    public void start() {
        models.start();
        pipelines.start();
        statusWriter.scheduleWithFixedDelay(() -> {
            models.writeStatuses();
            pipelines.writeStatuses();
        }, STATUS_INTERVAL.toMillis(), STATUS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("watching Model and Pipeline resources in namespace %s (resync every %s)", namespace, resync);
    }

    @Override
    public void close() {
        statusWriter.shutdownNow();
        models.close();
        pipelines.close();
    }

    /** One resource kind: its informer, and the problems of the resources of that kind that are invalid. */
    private final class Kind implements ResourceEventHandler<GenericKubernetesResource> {

        private final String kind;
        private final ResourceDefinitionContext context;
        private final Map<String, String> invalid = new ConcurrentHashMap<>();
        private SharedIndexInformer<GenericKubernetesResource> informer;

        Kind(String kind, String plural) {
            this.kind = kind;
            this.context = new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(VERSION)
                    .withKind(kind).withPlural(plural).withNamespaced(true).build();
        }

        void start() {
            informer = client.genericKubernetesResources(context).inNamespace(namespace).inform(this, resync.toMillis());
        }

        void close() {
            if (informer != null) {
                informer.close();
            }
        }

        @Override
        public void onAdd(GenericKubernetesResource resource) {
            apply(resource);
        }

        @Override
        public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource resource) {
            apply(resource);
        }

        @Override
        public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
            String name = resource.getMetadata().getName();
            invalid.remove(name);
            try {
                if (isModel()) {
                    specs.deleteModel(name);
                } else {
                    specs.deletePipeline(name);
                }
                LOG.infof("%s '%s' deleted in Kubernetes: tombstone written", kind, name);
            } catch (ControlWriteException e) {
                LOG.errorf("%s '%s' was deleted in Kubernetes but its tombstone was not written: %s", kind, name,
                        e.getMessage());
            }
        }

        private void apply(GenericKubernetesResource resource) {
            String name = resource.getMetadata().getName();
            try {
                String document = Json.json().writeValueAsString(Map.of(
                        "apiVersion", GROUP + "/" + VERSION, "kind", kind,
                        "metadata", Map.of("name", name),
                        "spec", Optional.ofNullable(resource.getAdditionalProperties().get("spec")).orElse(Map.of())));
                if (isModel()) {
                    Model model = UnsupportedFeatures.require(storageAllowList.require(
                            Optional.ofNullable(resource.getMetadata().getNamespace()).orElse(namespace),
                            Model.parseNamed(name, document)));
                    if (!catalog.model(name).equals(Optional.of(model))) {
                        specs.publish(model);
                        LOG.infof("Model '%s' from Kubernetes written to the control topic", name);
                    }
                } else {
                    Pipeline pipeline = Pipeline.parseNamed(name, document);
                    if (!catalog.pipeline(name).equals(Optional.of(pipeline))) {
                        specs.publish(pipeline);
                        LOG.infof("Pipeline '%s' from Kubernetes written to the control topic", name);
                    }
                }
                invalid.remove(name);
            } catch (InvalidSpecException e) {
                if (!e.getMessage().equals(invalid.put(name, e.getMessage()))) {
                    LOG.warnf("%s", e.getMessage());
                }
            } catch (SpecTooLargeException e) {
                if (!e.getMessage().equals(invalid.put(name, e.getMessage()))) {
                    LOG.warnf("%s '%s' not written: %s", kind, name, e.getMessage());
                }
            } catch (ControlWriteException e) {
                LOG.errorf("%s '%s' not written (the next resync retries): %s", kind, name, e.getMessage());
            } catch (JsonProcessingException e) {
                LOG.errorf("%s '%s' could not be read as JSON: %s", kind, name, e.getOriginalMessage());
            }
        }

        void writeStatuses() {
            if (informer == null || !catalog.isCaughtUp()) {
                return;
            }
            for (GenericKubernetesResource resource : informer.getStore().list()) {
                String name = resource.getMetadata().getName();
                ObjectNode desired = desiredStatus(name, resource);
                if (desired.equals(currentStatus(resource))) {
                    continue;
                }
                resource.setAdditionalProperty("status", Json.json().convertValue(desired, Map.class));
                try {
                    client.genericKubernetesResources(context).inNamespace(namespace).resource(resource).updateStatus();
                } catch (KubernetesClientException e) {
                    // a newer version of the resource arrived meanwhile; the next round writes on top of it
                    LOG.debugf("status of %s '%s' not written (%s); retrying", kind, name, e.getMessage());
                }
            }
        }

        /** Seldon's shape ({@link SeldonResourceStatus}), from the status topics or the spec's problems. */
        private ObjectNode desiredStatus(String name, GenericKubernetesResource resource) {
            String problems = invalid.get(name);
            JsonNode previous = currentStatus(resource);
            Instant now = Instant.now();
            if (problems != null) {
                return SeldonResourceStatus.invalid(isModel(), problems, previous, now);
            }
            return isModel() ? SeldonResourceStatus.model(catalog, name, previous, now)
                    : SeldonResourceStatus.pipeline(catalog, name, previous, now);
        }

        private JsonNode currentStatus(GenericKubernetesResource resource) {
            Object status = resource.getAdditionalProperties().get("status");
            return status == null ? Json.json().createObjectNode() : Json.json().valueToTree(status);
        }

        private boolean isModel() {
            return kind.equals(Model.KIND);
        }
    }
}
