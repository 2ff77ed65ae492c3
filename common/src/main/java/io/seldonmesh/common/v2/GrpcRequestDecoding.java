package io.seldonmesh.common.v2;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.Attributes;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes a gRPC service's request messages inside the call, so that a message that is not the method's request
 * type is answered with INVALID_ARGUMENT naming the method, the type, protobuf's reason and the size.
 *
 * <p>Why not an interceptor: grpc-java parses a request with the method's marshaller before any listener sees
 * it ({@code ServerCallImpl} calls {@code parseRequest}, then {@code onMessage}), and a marshaller that throws
 * makes {@code ServerImpl} close the call with {@code UNKNOWN "Application error processing RPC"}, which says
 * nothing to the caller. So each method's request marshaller is replaced by one that never throws but hands over
 * the message or why it could not be decoded; the service's own handler then gets the message, or the call is
 * closed with the reason. The channel and the server are untouched; following calls go on.
 *
 * <p>A service implements the generated {@code AsyncService} and {@code BindableService} (the generated
 * {@code ImplBase} makes {@code bindService} final) and binds with
 * {@code decodedInCall(GRPCInferenceServiceGrpc.bindService(this))}; Quarkus adds its interceptors around that.
 */
public final class GrpcRequestDecoding {

    private GrpcRequestDecoding() {
    }

    /** The service with every request decoded in its call; undecodable ones are refused. */
    public static ServerServiceDefinition decodedInCall(ServerServiceDefinition service) {
        return decodedInCall(service, refusal -> {
        });
    }

    /**
     * The service with every request decoded in its call; undecodable ones are refused and told to
     * {@code refusals} first (for a metric).
     */
    public static ServerServiceDefinition decodedInCall(ServerServiceDefinition service,
                                                        Consumer<UndecodableRequest> refusals) {
        ServiceDescriptor original = service.getServiceDescriptor();
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            methods.add(decodedInCall(method, refusals));
        }
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        methods.forEach(method -> descriptor.addMethod(method.getMethodDescriptor()));
        ServerServiceDefinition.Builder decoded = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(decoded::addMethod);
        return decoded.build();
    }

    private static <Q, R> ServerMethodDefinition<Decoded<Q>, R> decodedInCall(ServerMethodDefinition<Q, R> method,
                                                                             Consumer<UndecodableRequest> refusals) {
        MethodDescriptor<Q, R> typed = method.getMethodDescriptor();
        MethodDescriptor<Decoded<Q>, R> deferred = typed
                .toBuilder(new DecodingMarshaller<>(typed), typed.getResponseMarshaller())
                .build();
        ServerCallHandler<Q, R> handler = method.getServerCallHandler();
        return ServerMethodDefinition.create(deferred, (call, headers) -> {
            ServerCall.Listener<Q> listener = handler.startCall(new TypedCall<>(call, typed), headers);
            return new DecodedListener<>(listener, call, refusals);
        });
    }

    /** A request message, or why it is not one. */
    record Decoded<Q>(Q message, UndecodableRequest undecodable) {
    }

    /** Parses as the method's own marshaller does, but answers a failure instead of throwing it. */
    private record DecodingMarshaller<Q>(MethodDescriptor<Q, ?> typed) implements MethodDescriptor.Marshaller<Decoded<Q>> {

        @Override
        public InputStream stream(Decoded<Q> value) {
            return typed.streamRequest(value.message());
        }

        @Override
        public Decoded<Q> parse(InputStream stream) {
            int bytes = size(stream);
            try {
                return new Decoded<>(typed.parseRequest(stream), null);
            } catch (RuntimeException e) {
                return new Decoded<>(null, new UndecodableRequest(typed.getBareMethodName(), messageType(), reason(e),
                        bytes));
            }
        }

        private String messageType() {
            if (typed.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> prototyped
                    && prototyped.getMessagePrototype() instanceof Message prototype) {
                return prototype.getDescriptorForType().getFullName();
            }
            return "the request of " + typed.getFullMethodName();
        }

        /** gRPC's message streams know their length; others may not, and then no size is named. */
        private static int size(InputStream stream) {
            try {
                return stream instanceof KnownLength ? stream.available() : -1;
            } catch (IOException e) {
                return -1;
            }
        }

        /** protobuf's own words, not the marshaller's wrapping "Invalid protobuf byte sequence". */
        private static String reason(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof InvalidProtocolBufferException protobuf) {
                    return protobuf.getMessage();
                }
            }
            return String.valueOf(failure.getMessage());
        }
    }

    /** Hands decoded messages on; closes the call with INVALID_ARGUMENT at the first that is not. */
    private static final class DecodedListener<Q, R> extends ServerCall.Listener<Decoded<Q>> {

        private final ServerCall.Listener<Q> delegate;
        private final ServerCall<Decoded<Q>, R> call;
        private final Consumer<UndecodableRequest> refusals;
        private boolean refused;

        DecodedListener(ServerCall.Listener<Q> delegate, ServerCall<Decoded<Q>, R> call,
                        Consumer<UndecodableRequest> refusals) {
            this.delegate = delegate;
            this.call = call;
            this.refusals = refusals;
        }

        @Override
        public void onMessage(Decoded<Q> decoded) {
            if (refused) {
                return;
            }
            if (decoded.undecodable() == null) {
                delegate.onMessage(decoded.message());
                return;
            }
            refused = true;
            refusals.accept(decoded.undecodable());
            call.close(Status.INVALID_ARGUMENT.withDescription(decoded.undecodable().description()), new Metadata());
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                delegate.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                delegate.onReady();
            }
        }

        @Override
        public void onCancel() {
            delegate.onCancel();
        }

        @Override
        public void onComplete() {
            delegate.onComplete();
        }
    }

    /** The call as the service's handler expects it: typed by the method's own descriptor. */
    private static final class TypedCall<Q, R> extends ServerCall<Q, R> {

        private final ServerCall<Decoded<Q>, R> call;
        private final MethodDescriptor<Q, R> typed;

        TypedCall(ServerCall<Decoded<Q>, R> call, MethodDescriptor<Q, R> typed) {
            this.call = call;
            this.typed = typed;
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return typed;
        }

        @Override
        public void request(int numMessages) {
            call.request(numMessages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            call.sendHeaders(headers);
        }

        @Override
        public void sendMessage(R message) {
            call.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return call.isReady();
        }

        @Override
        public void close(Status status, Metadata trailers) {
            call.close(status, trailers);
        }

        @Override
        public boolean isCancelled() {
            return call.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            call.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            call.setCompression(compressor);
        }

        @Override
        public void setOnReadyThreshold(int numBytes) {
            call.setOnReadyThreshold(numBytes);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return call.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return call.getAttributes();
        }

        @Override
        public String getAuthority() {
            return call.getAuthority();
        }
    }
}
