package io.seldonmesh.localstack;

import io.grpc.CallOptions;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.seldonmesh.testkit.RawGrpcCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC proxy between model-gateway and model-server that can make the model server misbehave without touching it:
 * pass calls through, answer every call {@code UNAVAILABLE} (a model server failing with 503s), or hold every call
 * {@link #slowness} before passing it on (a model server slower than model-gateway's timeout). It forwards any unary
 * method as bytes (the V2 protocol's calls are all unary), so it needs no knowledge of the messages; metadata is not
 * forwarded (model-server reads nothing from it).
 */
final class ModelServerFaults implements AutoCloseable {

    /** What the proxy does with a call. */
    enum Mode { PASS, FAIL, SLOW }

    static final String FAILURE = "model server failing (503 injected by the fault suite's proxy)";

    private final ManagedChannel backend;
    private final Server server;
    private final Duration slowness;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private volatile Mode mode = Mode.PASS;

    /** Listens on a free port of 127.0.0.1 and forwards to {@code backend} ({@code host:port}, gRPC in plain text). */
    ModelServerFaults(String backend, Duration slowness) {
        this.slowness = slowness;
        this.backend = NettyChannelBuilder.forTarget(backend).usePlaintext().build();
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .fallbackHandlerRegistry(new Forwarding()).build();
        try {
            server.start();
        } catch (IOException e) {
            this.backend.shutdownNow();
            throw new UncheckedIOException("cannot start the model server fault proxy: " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:<port>}, for model-gateway's {@code MODEL_SERVER_URL}. */
    String address() {
        return "127.0.0.1:" + server.getPort();
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    private final class Forwarding extends HandlerRegistry {
        @Override
        public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
            MethodDescriptor<byte[], byte[]> method = RawGrpcCall.unaryMethod(methodName);
            return ServerMethodDefinition.create(method, ServerCalls.asyncUnaryCall(
                    (request, answer) -> handle(method, request, answer)));
        }
    }

    private void handle(MethodDescriptor<byte[], byte[]> method, byte[] request, StreamObserver<byte[]> answer) {
        // model-gateway gives up on a slow call at its timeout; the late answer is then dropped, not an error
        ((ServerCallStreamObserver<byte[]>) answer).setOnCancelHandler(() -> { });
        switch (mode) {
            case FAIL -> answer.onError(Status.UNAVAILABLE.withDescription(FAILURE).asRuntimeException());
            case SLOW -> timer.schedule(() -> forward(method, request, answer), slowness.toMillis(), TimeUnit.MILLISECONDS);
            case PASS -> forward(method, request, answer);
        }
    }

    private void forward(MethodDescriptor<byte[], byte[]> method, byte[] request, StreamObserver<byte[]> answer) {
        ClientCalls.asyncUnaryCall(backend.newCall(method, CallOptions.DEFAULT), request, answer);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        backend.shutdownNow();
        timer.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
