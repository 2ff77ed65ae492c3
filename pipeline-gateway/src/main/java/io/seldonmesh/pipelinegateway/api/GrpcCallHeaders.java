package io.seldonmesh.pipelinegateway.api;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Gives the gRPC service the call's metadata (the service method only sees the message) and a place to put
 * response headers: the {@code x-*} headers of the answer, sent before the response message.
 */
@ApplicationScoped
public class GrpcCallHeaders implements ServerInterceptor {

    static final Context.Key<CallerHeaders> CALLER = Context.key("seldon-caller-headers");
    static final Context.Key<Queue<Map.Entry<String, String>>> RESPONSE = Context.key("seldon-response-headers");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        Queue<Map.Entry<String, String>> response = new ConcurrentLinkedQueue<>();
        Context context = Context.current()
                .withValue(CALLER, CallerHeaders.of(asMap(headers)))
                .withValue(RESPONSE, response);
        return Contexts.interceptCall(context, new SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                response.forEach(header -> responseHeaders.put(
                        Metadata.Key.of(header.getKey(), Metadata.ASCII_STRING_MARSHALLER), header.getValue()));
                super.sendHeaders(responseHeaders);
            }
        }, headers, next);
    }

    private static Map<String, List<String>> asMap(Metadata metadata) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : metadata.keys()) {
            if (!name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                List<String> values = new ArrayList<>();
                metadata.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER)).forEach(values::add);
                headers.put(name, values);
            }
        }
        return headers;
    }
}
