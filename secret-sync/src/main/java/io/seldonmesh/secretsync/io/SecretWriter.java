package io.seldonmesh.secretsync.io;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.seldonmesh.secretsync.core.CopyAction;
import io.seldonmesh.secretsync.core.Problem;
import io.seldonmesh.secretsync.core.Provenance;
import io.seldonmesh.secretsync.core.TokenSecret;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Carries out planned writes. Updates and deletes are conditional on the resourceVersion the plan saw, so a
 * Secret someone changed in the meantime is never overwritten blindly; a create that finds a Secret already
 * there reads it to tell our own (a cache lagging behind) from someone else's (a conflict).
 */
public final class SecretWriter {

    private final KubernetesClient client;
    private final String sourceNamespace;

    public SecretWriter(KubernetesClient client, String sourceNamespace) {
        this.client = client;
        this.sourceNamespace = sourceNamespace;
    }

    public WriteOutcome apply(CopyAction action) {
        try {
            if (action instanceof CopyAction.Create create) {
                return create(create);
            }
            if (action instanceof CopyAction.Update update) {
                return update.recreate() ? recreate(update) : update(update);
            }
            CopyAction.Delete delete = (CopyAction.Delete) action;
            client.secrets().inNamespace(delete.namespace()).withName(delete.name())
                    .lockResourceVersion(delete.existing().getMetadata().getResourceVersion()).delete();
            return new WriteOutcome.Done();
        } catch (KubernetesClientException e) {
            return failure(action, e);
        }
    }

    private WriteOutcome create(CopyAction.Create create) {
        try {
            client.secrets().inNamespace(create.namespace()).resource(create.secret()).create();
            return new WriteOutcome.Done();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
        Secret existing = client.secrets().inNamespace(create.namespace()).withName(create.name()).get();
        if (existing == null) {
            return new WriteOutcome.Stale(create.namespace() + "/" + create.name() + " was deleted while being created");
        }
        if (isOurs(existing, create)) {
            return new WriteOutcome.Stale(create.namespace() + "/" + create.name() + " is ours but not yet in the cache");
        }
        return new WriteOutcome.Conflict(Problem.conflict(create.source(), create.namespace(), create.name(),
                Provenance.describeOwner(existing, sourceNamespace)));
    }

    private WriteOutcome update(CopyAction.Update update) {
        Secret existing = update.existing();
        Secret desired = update.secret();
        Map<String, String> labels = merged(existing.getMetadata().getLabels(), desired.getMetadata().getLabels());
        Map<String, String> annotations = merged(existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations());
        Secret merged = new SecretBuilder(existing)
                .editMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .withType(desired.getType())
                .withData(desired.getData())
                .withStringData(null)
                .build();
        client.secrets().inNamespace(update.namespace()).resource(merged)
                .lockResourceVersion(existing.getMetadata().getResourceVersion()).update();
        return new WriteOutcome.Done();
    }

    private WriteOutcome recreate(CopyAction.Update update) {
        client.secrets().inNamespace(update.namespace()).withName(update.name())
                .lockResourceVersion(update.existing().getMetadata().getResourceVersion()).delete();
        client.secrets().inNamespace(update.namespace()).resource(update.secret()).create();
        return new WriteOutcome.Done();
    }

    private boolean isOurs(Secret existing, CopyAction.Create create) {
        if (create.namespace().equals(sourceNamespace)) {
            return TokenSecret.tokenFor(existing).filter(create.source().name()::equals).isPresent();
        }
        return Provenance.isCopyFrom(existing, sourceNamespace);
    }

    private static WriteOutcome failure(CopyAction action, KubernetesClientException e) {
        return switch (e.getCode()) {
            case HttpURLConnection.HTTP_CONFLICT -> new WriteOutcome.Stale(action + ": changed since it was read");
            case HttpURLConnection.HTTP_NOT_FOUND -> new WriteOutcome.Stale(action + ": no longer exists");
            case HttpURLConnection.HTTP_FORBIDDEN -> new WriteOutcome.Failed(action + " was forbidden: the service"
                    + " account lacks a permission deploy/secret-sync/rbac.yaml grants (" + KubernetesFailure.describe(e)
                    + ")");
            default -> new WriteOutcome.Failed(action + " failed: " + KubernetesFailure.describe(e));
        };
    }

    private static Map<String, String> merged(Map<String, String> existing, Map<String, String> ours) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (existing != null) {
            merged.putAll(existing);
        }
        merged.putAll(ours);
        return merged;
    }
}
