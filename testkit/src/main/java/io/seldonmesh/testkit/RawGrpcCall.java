package io.seldonmesh.testkit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends bytes as a unary gRPC method's request, unchecked: what a client built from another {@code .proto}, or a
 * broken one, puts on the wire. A failed call throws grpc-java's {@code StatusRuntimeException}.
 */
public final class RawGrpcCall {

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private RawGrpcCall() {
    }

    /** @param fullMethodName e.g. {@code inference.GRPCInferenceService/ModelInfer} */
    public static byte[] unary(Channel channel, String fullMethodName, byte[] request) {
        return ClientCalls.blockingUnaryCall(channel, unaryMethod(fullMethodName),
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
    }

    /** A unary method whose requests and responses are bytes as they are on the wire (also for a forwarding server). */
    public static MethodDescriptor<byte[], byte[]> unaryMethod(String fullMethodName) {
        return MethodDescriptor.<byte[], byte[]>newBuilder(BYTES, BYTES)
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullMethodName)
                .build();
    }
}
