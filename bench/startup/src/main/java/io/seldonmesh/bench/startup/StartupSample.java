package io.seldonmesh.bench.startup;

/**
 * One measured start, in milliseconds: spawn to the first 200 of {@code /q/health/ready}; spawn to Quarkus' "started
 * in" line; and the figure that line reports (from Quarkus' main: the JVM's own boot is not in it). NaN when the line
 * did not come.
 */
record StartupSample(double readyMillis, double startedLineMillis, double quarkusStartedInMillis) {
}
