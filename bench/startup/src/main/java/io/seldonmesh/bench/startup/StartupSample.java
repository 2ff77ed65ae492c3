package io.seldonmesh.bench.startup;

/**
 * One measured start, in milliseconds: spawn to the first 200 of {@code /q/health/ready}; the CPU time the service's
 * JVM had used by then (all its threads: what the start costs the machine, and less moved by other jobs than the wall
 * clock); spawn to Quarkus' "started in" line; and the figure that line reports (from Quarkus' main: the JVM's own boot
 * is not in it). NaN when a figure is not known.
 */
record StartupSample(double readyMillis, double cpuMillis, double startedLineMillis, double quarkusStartedInMillis) {
}
