package io.seldonmesh.pipelinegateway.dataflow.core;

/**
 * Which records one pipeline version takes. Model topics are shared by every pipeline that runs the model, and
 * two versions of a pipeline run side by side while the older one finishes its requests, so each record is taken
 * by exactly one version:
 * <ul>
 *   <li>records this pipeline's dataflow wrote carry the version ({@code x-pipeline-version}): only that version
 *       takes them, so a request in flight finishes on the version it started on;</li>
 *   <li>records entering the pipeline (from callers, or from other pipelines) carry no version of this pipeline:
 *       the version active when they were written takes them, by timestamp, from its spec's timestamp until the
 *       next version's.</li>
 * </ul>
 */
public final class RecordOwnership {

    private final String pipeline;
    private final String version;
    private final String entryTopic;
    private final long activeFrom;
    private volatile long retireFrom = Long.MAX_VALUE;

    /** @param entryTopic the pipeline's inputs topic, where plain Kafka clients may write without a pipeline header */
    public RecordOwnership(PipelineVersion version, String entryTopic) {
        this.pipeline = version.name();
        this.version = Long.toString(version.version());
        this.entryTopic = entryTopic;
        this.activeFrom = version.activeFrom();
    }

    /**
     * @param recordPipeline the record's {@code pipeline} header, or null
     * @param recordVersion the record's {@code x-pipeline-version} header, or null
     * @param timestamp the record's timestamp
     */
    public boolean owns(Slot slot, String recordPipeline, String recordVersion, long timestamp) {
        String from = recordPipeline == null && slot.topic().equals(entryTopic) ? pipeline : recordPipeline;
        if (!slot.pipeline().equals(from)) {
            return false;
        }
        if (slot.internal() && recordVersion != null) {
            return version.equals(recordVersion);
        }
        return current(timestamp);
    }

    /** Whether an error record is about a request of this version. */
    public boolean ownsError(String recordPipeline, String recordVersion, long timestamp) {
        if (!pipeline.equals(recordPipeline)) {
            return false;
        }
        return recordVersion != null ? version.equals(recordVersion) : current(timestamp);
    }

    /** From {@code timestamp} on, entering records belong to a newer version. */
    public void retireFrom(long timestamp) {
        retireFrom = timestamp;
    }

    public long retiredFrom() {
        return retireFrom;
    }

    public String version() {
        return version;
    }

    private boolean current(long timestamp) {
        return timestamp >= activeFrom && timestamp < retireFrom;
    }
}
