package io.seldonmesh.cli;

/** What the tool's exit status means; the same table is in {@code --help} and cli/README.md. */
public final class ExitCodes {

    public static final int OK = 0;
    /** The gateway answered with an error (its message is printed), or a model or pipeline failed. */
    public static final int REFUSED = 1;
    /** picocli's own code for a wrong command line; also a file that is missing or not a valid resource. */
    public static final int USAGE = 2;
    /** The gateway or Kafka could not be reached. */
    public static final int UNREACHABLE = 3;
    /** A wait ({@code -w}) or a request ran out of time. */
    public static final int TIMED_OUT = 4;

    /** The footer of {@code --help}. */
    static final String[] HELP_FOOTER = {
        "",
        "Exit codes:",
        "  0  ok",
        "  1  the gateway refused or failed (its error message is printed)",
        "  2  usage error, or a file that is missing or not a valid Model/Pipeline",
        "  3  cannot reach the gateway or Kafka (the address is printed)",
        "  4  timed out waiting",
    };

    private ExitCodes() {
    }
}
