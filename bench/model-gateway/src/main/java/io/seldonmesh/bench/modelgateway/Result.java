package io.seldonmesh.bench.modelgateway;

/** What one system achieved: requests per second with a backlog, and latency percentiles at a steady rate. */
record Result(String name, double throughput, double p50Millis, double p99Millis) {
}
