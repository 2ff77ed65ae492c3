package io.seldonmesh.common.config;

/**
 * A setting that stops the service at start-up. The message is one line for a person: the variable, the value
 * seen and what is expected, so a crash-looping pod says what to fix in its first log line.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String message) {
        super(message);
    }

    public InvalidSettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
