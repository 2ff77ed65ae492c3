package io.seldonmesh.bench.modelgateway;

import java.util.Map;

/**
 * What one system achieved: requests per second with a backlog, latency percentiles at a steady rate, and the CPU
 * each process used per request while the backlog was worked off (JIT warm by then).
 */
record Result(String name, double throughput, double p50Millis, double p99Millis, Map<String, Double> cpuMicrosPerRequest) {
}
