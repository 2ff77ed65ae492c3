package io.seldonmesh.pipelinegateway.dataflow.core;

/** What a pipeline version counts per stage ({@link Stage#name()}). */
public interface FlowMetrics {

    /** Why data was not used. */
    enum Drop {
        /** The join window closed before the stage could go: a path not taken, or data that never came. */
        EXPIRED,
        /** The stage had already gone for the request (a record read again after a restart, or a late branch). */
        DUPLICATE,
        /** The request had already ended with an error. */
        ENDED
    }

    /** A record brought data for the stage. */
    void arrived(String stage);

    /** The stage wrote its record, {@code waitedMillis} after the first data for the request arrived. */
    void sent(String stage, long waitedMillis);

    void dropped(String stage, Drop why);

    /** The stage's request ended in an error: its model's, or one the dataflow wrote. */
    void failed(String stage);

    FlowMetrics NONE = new FlowMetrics() {
        @Override
        public void arrived(String stage) {
        }

        @Override
        public void sent(String stage, long waitedMillis) {
        }

        @Override
        public void dropped(String stage, Drop why) {
        }

        @Override
        public void failed(String stage) {
        }
    };
}
