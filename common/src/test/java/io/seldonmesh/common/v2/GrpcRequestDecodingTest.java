package io.seldonmesh.common.v2;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Attributes;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.common.v2.proto.ModelInferResponse;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrpcRequestDecodingTest {

    private final List<ModelInferRequest> served = new ArrayList<>();
    private final List<UndecodableRequest> refused = new ArrayList<>();
    private final ServerServiceDefinition service = GrpcRequestDecoding.decodedInCall(
            GRPCInferenceServiceGrpc.bindService(new GRPCInferenceServiceGrpc.AsyncService() {
                @Override
                public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> observer) {
                    served.add(request);
                    observer.onNext(ModelInferResponse.newBuilder().setId(request.getId()).build());
                    observer.onCompleted();
                }
            }), refused::add);

    @Test
    void undecodableMessageClosesTheCallWithInvalidArgumentNamingMethodTypeReasonAndSize() {
        RecordingCall call = call(new byte[] {0, 1, 2});

        assertThat(call.status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(call.status.getDescription()).isEqualTo("ModelInfer request could not be decoded as"
                + " inference.ModelInferRequest: Protocol message contained an invalid tag (zero). (3 bytes)");
        assertThat(refused).extracting(UndecodableRequest::method).containsExactly("ModelInfer");
        assertThat(served).isEmpty();
    }

    @Test
    void decodableMessageReachesTheServiceAsItsOwnType() {
        RecordingCall call = call(ModelInferRequest.newBuilder().setId("r-1").build().toByteArray());

        assertThat(served).extracting(ModelInferRequest::getId).containsExactly("r-1");
        assertThat(call.sent).containsExactly(ModelInferResponse.newBuilder().setId("r-1").build());
        assertThat(call.status.isOk()).isTrue();
        assertThat(refused).isEmpty();
    }

    @Test
    void serviceKeepsItsNameMethodsAndSchemaForReflection() {
        ServerServiceDefinition plain = GRPCInferenceServiceGrpc.bindService(new GRPCInferenceServiceGrpc.AsyncService() {
        });
        assertThat(service.getServiceDescriptor().getName()).isEqualTo("inference.GRPCInferenceService");
        assertThat(service.getServiceDescriptor().getSchemaDescriptor())
                .isSameAs(plain.getServiceDescriptor().getSchemaDescriptor());
        assertThat(service.getMethods()).extracting(method -> method.getMethodDescriptor().getFullMethodName())
                .containsExactlyInAnyOrderElementsOf(plain.getMethods().stream()
                        .map(method -> method.getMethodDescriptor().getFullMethodName()).toList());
    }

    /** One unary call as grpc-java's server makes it: start, parse the message, deliver it, half-close. */
    @SuppressWarnings("unchecked")
    private RecordingCall call(byte[] message) {
        ServerMethodDefinition<Object, Object> method = (ServerMethodDefinition<Object, Object>) service
                .getMethod(GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName());
        RecordingCall call = new RecordingCall(method.getMethodDescriptor());
        ServerCall.Listener<Object> listener = method.getServerCallHandler().startCall(call, new Metadata());
        listener.onMessage(method.getMethodDescriptor().parseRequest(new GrpcMessage(message)));
        listener.onHalfClose();
        return call;
    }

    /** gRPC hands a marshaller a stream that knows its length. */
    private static final class GrpcMessage extends ByteArrayInputStream implements KnownLength {
        GrpcMessage(byte[] message) {
            super(message);
        }
    }

    private static final class RecordingCall extends ServerCall<Object, Object> {

        private final MethodDescriptor<Object, Object> method;
        private final List<Object> sent = new ArrayList<>();
        private Status status;

        RecordingCall(MethodDescriptor<Object, Object> method) {
            this.method = method;
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(Object message) {
            sent.add(message);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            this.status = status;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @Override
        public MethodDescriptor<Object, Object> getMethodDescriptor() {
            return method;
        }
    }
}
