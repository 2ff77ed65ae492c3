package io.seldonmesh.pipelinegateway.io;

/** A spec could not be written to Kafka; the message says what was being written and why it failed. */
public final class ControlWriteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ControlWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
