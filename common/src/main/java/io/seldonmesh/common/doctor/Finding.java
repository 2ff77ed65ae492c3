package io.seldonmesh.common.doctor;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the doctor found at one layer of the connection: a verdict and one sentence that says what was seen and, when
 * something is wrong, what to change.
 */
public record Finding(String layer, Verdict verdict, String detail) {

    /** Each with the mark a person scans a report for. */
    public enum Verdict {
        OK("\u2713"), WARN("!"), FAIL("\u2717"), SKIP("-");

        private final String mark;

        Verdict(String mark) {
            this.mark = mark;
        }

        public String mark() {
            return mark;
        }
    }

    public static Finding ok(String layer, String detail) {
        return new Finding(layer, Verdict.OK, detail);
    }

    public static Finding warn(String layer, String detail) {
        return new Finding(layer, Verdict.WARN, detail);
    }

    public static Finding fail(String layer, String detail) {
        return new Finding(layer, Verdict.FAIL, detail);
    }

    public static Finding skip(String layer) {
        return new Finding(layer, Verdict.SKIP, "not checked: an earlier layer failed");
    }

    /**
     * Standard output in UTF-8: the JVM would write the marks in the platform's encoding, which is ASCII in many
     * containers ({@code LANG} unset), and print them as '?'.
     */
    public static PrintStream console() {
        return new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    }

    public String line() {
        return String.format("%s %-4s %-14s %s", verdict.mark(), verdict, layer, detail);
    }
}
