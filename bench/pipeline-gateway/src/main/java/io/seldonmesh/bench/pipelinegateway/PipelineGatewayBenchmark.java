package io.seldonmesh.bench.pipelinegateway;

import io.seldonmesh.common.v2.V2Json;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * One run, one broker, identity models: the floors (a raw Kafka hop, a raw request/reply round trip, a direct REST
 * call to model-server), one model through pipeline-gateway -> Kafka -> model-gateway -> model-server (gRPC) ->
 * Kafka -> pipeline-gateway, and pipelines run by pipeline-gateway's dataflow: one step, a 2-step chain, and two steps
 * joined. Every path gets the same loads (see {@link BenchRun}); the targets are checked against floors
 * measured in the same run.
 */
public final class PipelineGatewayBenchmark {

    private PipelineGatewayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        BenchOptions options = BenchOptions.parse(Arrays.copyOfRange(args, 1, args.length), System.getenv());
        byte[] payload = V2Json.parseRequest(BenchStack.REQUEST).toByteArray();
        Buffer body = Buffer.buffer(BenchStack.REQUEST);
        try (BenchStack stack = BenchStack.start(root, options);
             HttpLoad load = new HttpLoad(options.clients());
             RawKafkaPath oneHop = RawKafkaPath.oneHop(stack.clientProperties(), "bench.raw.hop", payload);
             RawKafkaPath roundTrip = RawKafkaPath.roundTrip(stack.clientProperties(), "bench.raw.requests",
                     "bench.raw.replies", payload)) {
            Map<Route, InferencePath> paths = new EnumMap<>(Route.class);
            paths.put(Route.ONE_HOP, oneHop);
            paths.put(Route.ROUND_TRIP, roundTrip);
            paths.put(Route.DIRECT, http(load, stack.direct(), body));
            paths.put(Route.MODEL, http(load, stack.model(), body));
            paths.put(Route.ONE_STEP, http(load, stack.pipeline(BenchPipeline.ONE_STEP), body));
            paths.put(Route.CHAIN, http(load, stack.pipeline(BenchPipeline.CHAIN), body));
            paths.put(Route.JOIN, http(load, stack.pipeline(BenchPipeline.JOIN), body));
            BenchReport.print(BenchRun.measure(paths, stack, options), options);
        }
    }

    private static InferencePath http(HttpLoad load, HttpTarget target, Buffer body) {
        return sequence -> load.post(target, body);
    }
}
