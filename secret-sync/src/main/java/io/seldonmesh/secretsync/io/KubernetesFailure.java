package io.seldonmesh.secretsync.io;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What a failed Kubernetes API call says, in a few words: the HTTP status and message, or why there was none. */
final class KubernetesFailure {

    private KubernetesFailure() {
    }

    static String describe(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return "HTTP " + e.getCode() + " " + e.getStatus().getMessage();
        }
        if (e.getCode() > 0) {
            return "HTTP " + e.getCode();
        }
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
