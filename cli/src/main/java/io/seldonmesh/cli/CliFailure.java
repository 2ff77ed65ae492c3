package io.seldonmesh.cli;

/**
 * Why a command could not do its job, in words for the person at the terminal, with the exit code that says which
 * kind of failure it was. Printed without a stack trace.
 */
public final class CliFailure extends RuntimeException {

    private final int exitCode;

    private CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliFailure refused(String message) {
        return new CliFailure(ExitCodes.REFUSED, message, null);
    }

    public static CliFailure badInput(String message) {
        return new CliFailure(ExitCodes.USAGE, message, null);
    }

    public static CliFailure unreachable(String message, Throwable cause) {
        return new CliFailure(ExitCodes.UNREACHABLE, message, cause);
    }

    public static CliFailure timedOut(String message) {
        return new CliFailure(ExitCodes.TIMED_OUT, message, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
