package io.seldonmesh.localstack;

/** The stack could not start or the demo failed; the message says what and what to do. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
