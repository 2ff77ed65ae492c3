package io.seldonmesh.testkit;

import java.nio.file.Path;

/** A server did not come up. The message carries the tail of its log, which usually says why. */
public class ServerStartException extends RuntimeException {

    private final Path logFile;
    private final String logTail;

    ServerStartException(String problem, Path logFile, Throwable cause) {
        this(problem, logFile, LogTail.of(logFile), cause);
    }

    private ServerStartException(String problem, Path logFile, String logTail, Throwable cause) {
        super(problem + System.lineSeparator() + "--- last " + LogTail.LINES + " lines of " + logFile + " ---"
                + System.lineSeparator() + logTail, cause);
        this.logFile = logFile;
        this.logTail = logTail;
    }

    public Path logFile() {
        return logFile;
    }

    /** Another process took one of our ports between choosing it and binding it. */
    boolean isPortConflict() {
        return logTail.contains("Address already in use") || logTail.contains("BindException");
    }
}
