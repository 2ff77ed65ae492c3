package io.seldonmesh.modelserver.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.seldonmesh.common.v2.proto.GRPCInferenceServiceGrpc;
import io.seldonmesh.common.v2.proto.ServerLiveRequest;
import io.seldonmesh.testkit.RawGrpcCall;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(GrpcMessageLimitTest.OneKibibyte.class)
class GrpcMessageLimitTest {

    /** GRPC_MAX_MESSAGE_BYTES=1024 */
    public static class OneKibibyte implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.grpc.server.max-inbound-message-size", "1024");
        }
    }

    /** grpc-java's transport refuses it before any decoding, with the code and text a client expects. */
    @Test
    void messageOverGrpcMaxMessageBytesIsResourceExhaustedNamingBothSizesAndTheChannelGoesOn()
            throws InterruptedException {
        int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            assertThatThrownBy(() -> RawGrpcCall.unary(channel, GRPCInferenceServiceGrpc.getModelInferMethod()
                    .getFullMethodName(), new byte[2000]))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(e.getStatus().getDescription())
                                .isEqualTo("gRPC message exceeds maximum size 1024: 2000");
                    });

            assertThat(GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .serverLive(ServerLiveRequest.getDefaultInstance()).getLive()).isTrue();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
