package io.seldonmesh.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One command line run in this JVM with its output kept, for programs (and tests) that embed the command. */
public record CapturedRun(int exitCode, String out, String err) {

    public static CapturedRun of(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = SeldonCli.run(environment, new PrintWriter(out), new PrintWriter(err), args);
        return new CapturedRun(exitCode, out.toString(), err.toString());
    }
}
