package io.seldonmesh.pipelinegateway.overview;

import io.seldonmesh.common.status.CredentialEvent;
import java.time.Instant;

/**
 * A record of {@code <p>.<ns>.control.credentials} as the status page shows it. The topic carries no secret material,
 * only a fingerprint; the page shows its first 12 hex digits, enough to tell two versions apart.
 */
public record CredentialNotice(Instant time, String namespace, String name, String event, String resourceVersion,
                               String fingerprint) {

    private static final int FINGERPRINT_DIGITS = 12;

    public static CredentialNotice of(Instant time, CredentialEvent event) {
        String sha = event.sha256();
        return new CredentialNotice(time, event.namespace(), event.name(), event.event().name(),
                event.resourceVersion(), sha == null ? null : sha.substring(0, FINGERPRINT_DIGITS));
    }
}
