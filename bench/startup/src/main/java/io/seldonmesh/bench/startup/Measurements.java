package io.seldonmesh.bench.startup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the run found for each service in each variant: the timed starts, the classes, a failure, the archive size. */
final class Measurements {

    /** One cell of the table. A failed variant of a service is not started again. */
    static final class Cell {
        private final List<StartupSample> samples = new ArrayList<>();
        private ClassLoadCount classes;
        private String failure;
        private long archiveBytes = -1;

        List<StartupSample> samples() {
            return samples;
        }

        Optional<ClassLoadCount> classes() {
            return Optional.ofNullable(classes);
        }

        Optional<String> failure() {
            return Optional.ofNullable(failure);
        }

        Optional<Long> archiveBytes() {
            return archiveBytes < 0 ? Optional.empty() : Optional.of(archiveBytes);
        }

        Spread ready() {
            return Spread.of(samples, StartupSample::readyMillis);
        }

        Spread cpu() {
            return Spread.of(samples, StartupSample::cpuMillis);
        }

        Spread startedLine() {
            return Spread.of(samples, StartupSample::startedLineMillis);
        }

        Spread quarkusStartedIn() {
            return Spread.of(samples, StartupSample::quarkusStartedInMillis);
        }
    }

    private final Map<MeasuredService, Map<Variant, Cell>> cells = new LinkedHashMap<>();

    Measurements(List<MeasuredService> services, List<Variant> variants) {
        for (MeasuredService service : services) {
            Map<Variant, Cell> row = new LinkedHashMap<>();
            variants.forEach(variant -> row.put(variant, new Cell()));
            cells.put(service, row);
        }
    }

    Cell cell(MeasuredService service, Variant variant) {
        return cells.get(service).get(variant);
    }

    void add(MeasuredService service, Variant variant, StartupSample sample) {
        cell(service, variant).samples.add(sample);
    }

    void classes(MeasuredService service, Variant variant, ClassLoadCount classes) {
        cell(service, variant).classes = classes;
    }

    void archive(MeasuredService service, Variant variant, long bytes) {
        cell(service, variant).archiveBytes = bytes;
    }

    void failed(MeasuredService service, Variant variant, String why) {
        cell(service, variant).failure = why;
    }

    boolean hasFailed(MeasuredService service, Variant variant) {
        return cell(service, variant).failure != null;
    }
}
