package io.seldonmesh.modelgateway.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.common.v2.proto.ModelInferRequest;
import io.seldonmesh.modelgateway.core.CallFailure;
import io.seldonmesh.modelgateway.core.CallResult;
import io.seldonmesh.modelgateway.core.ModelReply;
import io.seldonmesh.modelgateway.core.Requests;
import io.seldonmesh.modelgateway.testing.TestModelServer;
import io.seldonmesh.testkit.FreePort;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both transports against the real model server: what each outcome looks like to the failure policy. */
class ModelClientsTest {

    private static final Duration TIMEOUT = Duration.ofMillis(700);
    private static Vertx vertx;
    private static RestModelClient rest;
    private static GrpcModelClient grpc;
    private static TestModelServer server;

    @BeforeAll
    static void start() {
        server = TestModelServer.shared();
        vertx = Vertx.vertx();
        rest = new RestModelClient(vertx, TIMEOUT, 8);
        grpc = new GrpcModelClient(TIMEOUT, 64 << 20);
    }

    @AfterAll
    static void stop() throws Exception {
        rest.close();
        grpc.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    static Stream<Arguments> transports() {
        return Stream.of(Arguments.of("rest"), Arguments.of("grpc"));
    }

    private static CallResult call(String transport, String model) throws Exception {
        return call(transport, model, transport.equals("rest") ? server.restUrl() : server.grpcTarget());
    }

    private static CallResult call(String transport, String model, String address) throws Exception {
        ModelInferRequest request = Requests.fp32("c1", 1, 2).toBuilder().setModelName(model).build();
        List<Map.Entry<String, String>> headers = List.of(Map.entry("x-request-id", "c1"), Map.entry("x-tenant", "acme"));
        ModelClient client = transport.equals("rest") ? rest : grpc;
        return client.infer(address, request, headers).get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void replyCarriesTheResponseAndTheServersRequestIdHeader(String transport) throws Exception {
        ModelReply reply = (ModelReply) call(transport, "echo");

        assertThat(reply.response().getModelName()).isEqualTo("echo");
        assertThat(reply.response().getOutputs(0).getContents().getFp32ContentsList()).containsExactly(1f, 2f);
        assertThat(reply.headers()).contains(Map.entry("x-request-id", "c1"));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void modelFailureIsAServerErrorWithTheModelsMessage(String transport) throws Exception {
        CallFailure failure = (CallFailure) call(transport, "fails");

        assertThat(failure.kind()).isEqualTo(CallFailure.Kind.SERVER_ERROR);
        assertThat(failure.status()).isEqualTo(transport.equals("rest") ? "500" : "INTERNAL");
        assertThat(failure.message()).contains("model exploded");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void requestTheModelRefusesIsRejected(String transport) throws Exception {
        CallFailure failure = (CallFailure) call(transport, "rejects");

        assertThat(failure.kind()).isEqualTo(CallFailure.Kind.REJECTED);
        assertThat(failure.message()).contains("must be INT64");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void modelTheServerDoesNotHaveIsModelNotFound(String transport) throws Exception {
        CallFailure failure = (CallFailure) call(transport, "no-such-model");

        assertThat(failure.kind()).isEqualTo(CallFailure.Kind.MODEL_NOT_FOUND);
        assertThat(failure.message()).contains("no-such-model");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void slowModelTimesOut(String transport) throws Exception {
        CallFailure failure = (CallFailure) call(transport, "slow");

        assertThat(failure.kind()).isEqualTo(CallFailure.Kind.TIMEOUT);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void serverThatIsNotListeningIsUnreachable(String transport) throws Exception {
        int closed = FreePort.next();
        String address = transport.equals("rest") ? "http://127.0.0.1:" + closed : "127.0.0.1:" + closed;

        CallFailure failure = (CallFailure) call(transport, "echo", address);

        assertThat(failure.kind()).isEqualTo(CallFailure.Kind.UNREACHABLE);
    }
}
