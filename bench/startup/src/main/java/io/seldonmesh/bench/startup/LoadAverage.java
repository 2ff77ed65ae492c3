package io.seldonmesh.bench.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine's load average (1, 5, 15 minutes) from {@code /proc/loadavg}; NaN where there is none (not Linux). */
record LoadAverage(double oneMinute, double fiveMinutes, double fifteenMinutes) {

    static LoadAverage now() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new LoadAverage(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                    Double.parseDouble(fields[2]));
        } catch (IOException | RuntimeException e) {
            return new LoadAverage(Double.NaN, Double.NaN, Double.NaN);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f %.2f %.2f", oneMinute, fiveMinutes, fifteenMinutes);
    }
}
