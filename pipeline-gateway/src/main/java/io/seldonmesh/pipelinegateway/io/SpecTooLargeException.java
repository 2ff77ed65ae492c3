package io.seldonmesh.pipelinegateway.io;

/**
 * A spec larger than a Kafka record may be: the caller's to fix (413), not a broker outage to retry (503). The message
 * names both sizes and the settings involved.
 */
public final class SpecTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SpecTooLargeException(String message) {
        super(message, null, false, false);
    }
}
