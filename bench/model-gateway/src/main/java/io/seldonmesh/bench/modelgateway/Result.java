package io.seldonmesh.bench.modelgateway;

import java.util.Map;

/**
 * What one system achieved: requests per second with a backlog, latency percentiles at a steady rate, and the CPU
 * each process used per request while the backlog was worked off (JIT warm by then), and of the latency, the part
 * until the output record was created (its timestamp, wall clock in ms: the input hop and the processing), and the
 * part the gateway itself measured from consuming the request to its answer acknowledged, and within that the model
 * server call (both NaN for the raw loop).
 */
record Result(String name, double throughput, double p50Millis, double p99Millis, Map<String, Double> cpuMicrosPerRequest,
              double p50ToOutputCreatedMillis, double p50InGatewayMillis, double p50ModelCallMillis) {

    static Result of(String name, Load.Throughput throughput, Load.Latency latency) {
        return new Result(name, throughput.perSecond(), latency.p50Millis(), latency.p99Millis(),
                throughput.cpuMicrosPerRequest(), latency.p50ToOutputCreatedMillis(), latency.p50InGatewayMillis(),
                latency.p50ModelCallMillis());
    }
}
