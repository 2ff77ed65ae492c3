package io.seldonmesh.common.doctor;

/**
 * What the doctor found at one layer of the connection: a verdict and one sentence that says what was seen and, when
 * something is wrong, what to change.
 */
public record Finding(String layer, Verdict verdict, String detail) {

    public enum Verdict { OK, WARN, FAIL, SKIP }

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

    public String line() {
        return String.format("%-4s %-14s %s", verdict, layer, detail);
    }
}
