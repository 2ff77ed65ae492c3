package io.seldonmesh.pipelinegateway.core;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the look-back at the steps' outputs topics saw for one request.
 *
 * @param answered topics holding a record for the request
 * @param unfinished topics not read to their end because the look-back was cut short
 * @param missing topics that do not exist
 * @param cutShort why the look-back stopped before the end of every topic, e.g. {@code it read 10000 records
 *                 (SELDON_GATEWAY_STEP_SCAN_RECORDS)}; empty when every topic was read to its end
 */
public record StepSightings(Set<String> answered, Set<String> unfinished, Set<String> missing,
                            Optional<String> cutShort) {

    public StepSightings {
        answered = Set.copyOf(answered);
        unfinished = Set.copyOf(unfinished);
        missing = Set.copyOf(missing);
        Objects.requireNonNull(cutShort, "cutShort");
    }
}
