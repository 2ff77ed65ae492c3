package io.seldonmesh.modelfetcher.core;

import java.util.Map;
import java.util.Optional;

/** What one check of the model server saw. */
public sealed interface ServerSnapshot {

    /** No HTTP answer at all (refused, timed out, no route). */
    record Unreachable(String cause) implements ServerSnapshot {
    }

    /**
     * The server answered.
     *
     * @param instanceId the {@code instance_id} of its {@code GET /v2} metadata, when it gives one (model-server does)
     * @param index      its repository index by model name, when it serves one ({@code POST /v2/repository/index})
     */
    record Answering(Optional<String> instanceId, Optional<Map<String, IndexEntry>> index) implements ServerSnapshot {
    }

    /** One model of the repository index, as Triton, MLServer and model-server report it. */
    record IndexEntry(String version, String state, String reason) {

        public boolean ready() {
            return "READY".equalsIgnoreCase(state);
        }
    }
}
