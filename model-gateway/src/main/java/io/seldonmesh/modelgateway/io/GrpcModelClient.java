package io.seldonmesh.modelgateway.io;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import io.seldonmesh.modelgateway.core.CallFailure;
import io.seldonmesh.modelgateway.core.CallResult;
import io.seldonmesh.modelgateway.core.ModelReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The Open Inference Protocol over gRPC ({@code inference.GRPCInferenceService/ModelInfer}). One channel per
 * server, created on first use and kept: every call is a stream on the same HTTP/2 connection. The Kafka protobuf
 * is sent as it is, with no conversion.
 *
 * <p>Callbacks run on the channel's network thread (direct executor): the work after a reply is short and never
 * blocks (building the output record, handing it to the Kafka producer), so a thread hop would only add latency.
 */
public final class GrpcModelClient implements ModelClient {

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final int maxMessageBytes;

    /**
     * @param maxMessageBytes largest response accepted; make it larger than Kafka's limit, so an oversize output is
     *                        reported by the size check with both sizes rather than as a gRPC error
     */
    public GrpcModelClient(Duration timeout, int maxMessageBytes) {
        this.timeout = timeout;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public CompletableFuture<CallResult> infer(String server, ModelInferRequest request,
                                               List<Map.Entry<String, String>> headers) {
        CompletableFuture<CallResult> result = new CompletableFuture<>();
        Metadata metadata = new Metadata();
        headers.forEach(h -> metadata.put(Metadata.Key.of(h.getKey(), Metadata.ASCII_STRING_MARSHALLER), h.getValue()));
        ClientCall<ModelInferRequest, ModelInferResponse> call = channel(server).newCall(
                GRPCInferenceServiceGrpc.getModelInferMethod(),
                CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
        call.start(new ClientCall.Listener<>() {
            private final List<Map.Entry<String, String>> replyHeaders = new ArrayList<>();
            private ModelInferResponse response;

            @Override
            public void onHeaders(Metadata received) {
                for (String key : received.keys()) {
                    if (key.toLowerCase(Locale.ROOT).startsWith("x-") && !key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                        for (String value : received.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
                            replyHeaders.add(Map.entry(key.toLowerCase(Locale.ROOT), value));
                        }
                    }
                }
            }

            @Override
            public void onMessage(ModelInferResponse message) {
                response = message;
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                if (status.isOk() && response != null) {
                    result.complete(new ModelReply(response, replyHeaders));
                } else if (status.isOk()) {
                    result.complete(CallFailure.badResponse("the call ended without a response message"));
                } else {
                    result.complete(failure(server, status));
                }
            }
        }, metadata);
        call.sendMessage(request);
        call.halfClose();
        call.request(1);
        return result;
    }

    private static CallFailure failure(String server, Status status) {
        String description = status.getDescription() != null ? status.getDescription()
                : status.getCause() != null ? status.getCause().toString() : "(no description)";
        if (status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null) {
            // No connection at all (refused, unknown host), as opposed to a server answering UNAVAILABLE.
            return CallFailure.unreachable(server + ": " + description);
        }
        return CallFailure.grpc(status.getCode().name(), description);
    }

    private ManagedChannel channel(String server) {
        return channels.computeIfAbsent(server, address -> NettyChannelBuilder.forTarget(target(address))
                .usePlaintext()
                .directExecutor()
                // FailurePolicy decides about retries; gRPC's own would add buffering to every call and retry twice.
                .disableRetry()
                .maxInboundMessageSize(maxMessageBytes)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .build());
    }

    /** {@code host:port}; a URL form ({@code http://host:port}) is accepted, as people write one for REST. */
    static String target(String server) {
        String target = server.trim();
        int scheme = target.indexOf("://");
        if (scheme >= 0 && (target.startsWith("http") || target.startsWith("grpc"))) {
            target = target.substring(scheme + 3);
        }
        return target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdown);
        for (ManagedChannel channel : channels.values()) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
