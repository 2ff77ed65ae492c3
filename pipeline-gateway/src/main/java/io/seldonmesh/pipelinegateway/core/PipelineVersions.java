package io.seldonmesh.pipelinegateway.core;

import io.seldonmesh.common.kafka.SeldonHeaders;
import io.seldonmesh.common.spec.Pipeline;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;

/**
 * Pipeline versions as Seldon numbers them: 1 for a new pipeline, one more for each changed spec. The number is
 * written on the control record ({@code x-pipeline-version}) by whoever writes the spec, so every dataflow replica
 * reads the same number, also after compaction; a spec written without one (by a plain Kafka client) is numbered by
 * its record's offset, which compaction never changes either.
 */
public final class PipelineVersions {

    private PipelineVersions() {
    }

    /** The version a spec gets when written: the current one if nothing changed, else the next. */
    public static long next(Optional<Pipeline> current, Optional<Long> currentVersion, Pipeline written) {
        long version = currentVersion.orElse(0L);
        boolean unchanged = current.isPresent() && Arrays.equals(current.get().specJson(), written.specJson());
        return unchanged && version > 0 ? version : version + 1;
    }

    /** The version of a control record: its header, or its offset when it has none. */
    public static long of(Headers headers, long offset) {
        return SeldonHeaders.lastValue(headers, SeldonHeaders.PIPELINE_VERSION).flatMap(PipelineVersions::parse)
                .orElse(offset);
    }

    private static Optional<Long> parse(String text) {
        try {
            long version = Long.parseLong(text.trim());
            return version > 0 ? Optional.of(version) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
