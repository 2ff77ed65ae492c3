package io.seldonmesh.common.kafka;

import java.util.List;

/**
 * What provisioning did: topics it created, topics that were already there (and fit), and
 * warnings worth a log line (a mismatch that does not stop the services working).
 */
public record ProvisioningReport(List<String> created, List<String> existing, List<String> warnings) {

    public ProvisioningReport {
        created = List.copyOf(created);
        existing = List.copyOf(existing);
        warnings = List.copyOf(warnings);
    }
}
