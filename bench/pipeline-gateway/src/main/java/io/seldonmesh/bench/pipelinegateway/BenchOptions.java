package io.seldonmesh.bench.pipelinegateway;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The run's settings: {@code [requests=20000] [clients=64] [rate=500] [rounds=3] [seconds-per-path=10]
 * [settling-rounds=2]}, and from the environment {@code BENCH_MODEL_SIDE}, {@code BENCH_GATEWAY_ENV},
 * {@code BENCH_PIPELINE_GATEWAY_JFR}. Every path is warmed up with as many requests as its throughput is measured with.
 */
record BenchOptions(int requests, int clients, int rate, int rounds, int secondsPerPath, int settlingRounds,
                    boolean echoModels, Map<String, String> gatewayEnvironment) {

    static BenchOptions parse(String[] args, Map<String, String> environment) {
        String modelSide = environment.getOrDefault("BENCH_MODEL_SIDE", "model-gateway");
        if (!modelSide.equals("model-gateway") && !modelSide.equals("echo")) {
            throw new IllegalArgumentException("BENCH_MODEL_SIDE is '" + modelSide + "': use model-gateway or echo");
        }
        return new BenchOptions(positional(args, 0, "requests", 20_000, 1), positional(args, 1, "clients", 64, 1),
                positional(args, 2, "latency-rate-per-second", 500, 1), positional(args, 3, "latency-rounds", 3, 1),
                positional(args, 4, "seconds-per-path", 10, 1), positional(args, 5, "settling-rounds", 2, 0),
                modelSide.equals("echo"), gatewayEnvironment(environment));
    }

    String modelSide() {
        return echoModels ? "echo" : "model-gateway";
    }

    int latencyRequests() {
        return rate * secondsPerPath;
    }

    /**
     * pipeline-gateway's extra environment: {@code BENCH_GATEWAY_ENV="NAME=value ..."} (a Kafka Streams setting to
     * try, e.g. {@code KAFKA_STREAMS_POLL_MS=5}) and a JFR recording when {@code BENCH_PIPELINE_GATEWAY_JFR} names
     * a file.
     */
    private static Map<String, String> gatewayEnvironment(Map<String, String> environment) {
        Map<String, String> extra = new HashMap<>();
        String settings = environment.getOrDefault("BENCH_GATEWAY_ENV", "").trim();
        if (!settings.isEmpty()) {
            Arrays.stream(settings.split("\\s+")).forEach(setting -> {
                int equals = setting.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("BENCH_GATEWAY_ENV holds '" + setting
                            + "': give NAME=value pairs separated by spaces");
                }
                extra.put(setting.substring(0, equals), setting.substring(equals + 1));
            });
        }
        String profile = environment.get("BENCH_PIPELINE_GATEWAY_JFR");
        if (profile != null) {
            extra.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,filename=" + profile);
        }
        return Map.copyOf(extra);
    }

    private static int positional(String[] args, int index, String name, int otherwise, int least) {
        int value = args.length > index ? Integer.parseInt(args[index]) : otherwise;
        if (value < least) {
            throw new IllegalArgumentException("argument " + (index + 1) + " (" + name + ") is " + value
                    + ": give at least " + least);
        }
        return value;
    }
}
