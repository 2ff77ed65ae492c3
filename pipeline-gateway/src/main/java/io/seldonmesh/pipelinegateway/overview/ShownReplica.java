package io.seldonmesh.pipelinegateway.overview;

import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Which replica's status stands for a model on the status page: an Available one if any (the model serves), else
 * the one that changed last (what is happening now: Loading, or LoadFailed and why).
 */
public final class ShownReplica {

    private ShownReplica() {
    }

    public static Optional<Map.Entry<String, ModelStatus>> of(Map<String, ModelStatus> replicas) {
        return replicas.entrySet().stream()
                .filter(replica -> replica.getValue().state() == ModelState.AVAILABLE)
                .findFirst()
                .or(() -> replicas.entrySet().stream()
                        .max(Comparator.comparing(replica -> replica.getValue().updatedAt())));
    }
}
