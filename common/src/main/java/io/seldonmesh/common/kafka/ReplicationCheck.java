package io.seldonmesh.common.kafka;

import java.util.List;
import java.util.OptionalInt;

/**
 * What the broker told us about replication: how many brokers there are and the
 * {@code min.insync.replicas} that applies to new topics (empty when the broker would not say).
 */
public record ReplicationCheck(int brokers, OptionalInt minInsyncReplicas, List<String> warnings) {

    public ReplicationCheck {
        warnings = List.copyOf(warnings);
    }
}
