package io.seldonmesh.pipelinegateway.api;

import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import io.seldonmesh.pipelinegateway.security.AccessGate;
import io.seldonmesh.pipelinegateway.security.CallerRole;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Admits a gRPC inference call, before the service sees it: server liveness and readiness are open (health, like
 * {@code /q/health}), every other method needs role {@code inferrer}. A refused call ends with UNAUTHENTICATED or
 * PERMISSION_DENIED and the text REST gives; the check may wait for the issuer's keys, so the call waits in a
 * {@link DeferredListener} instead of blocking the event loop.
 */
@ApplicationScoped
public class GrpcAccess implements ServerInterceptor, Prioritized {

    private static final Logger LOG = Logger.getLogger(GrpcAccess.class);
    private static final Set<String> OPEN = Set.of("ServerLive", "ServerReady");
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    @Inject
    AccessGate gate;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (!gate.settings().enabled()) {
            return next.startCall(call, headers);
        }
        String method = call.getMethodDescriptor().getBareMethodName();
        Optional<String> role = OPEN.contains(method) ? Optional.empty() : Optional.of(CallerRole.INFERRER.id());
        Context context = Context.current();
        DeferredListener<Q> deferred = new DeferredListener<>();
        gate.check("gRPC " + method, role, Optional.ofNullable(headers.get(AUTHORIZATION)),
                        Optional.ofNullable(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)))
                .subscribe().with(refusal -> refusal.ifPresentOrElse(failure -> refuse(call, deferred, failure), () -> {
                    // the call's own context: its deadline and cancellation, which the service reads
                    Context previous = context.attach();
                    try {
                        deferred.start(next.startCall(call, headers));
                    } finally {
                        context.detach(previous);
                    }
                }), error -> {
                    LOG.error("gRPC access check failed unexpectedly", error);
                    refuse(call, deferred, new InferenceFailure(InferenceFailure.Reason.NOT_READY,
                            "pipeline-gateway could not check the caller: " + error));
                });
        return deferred;
    }

    @Override
    public int getPriority() {
        // before GrpcCallHeaders: a refused call is not read any further
        return 10;
    }

    private static void refuse(ServerCall<?, ?> call, DeferredListener<?> deferred, InferenceFailure failure) {
        deferred.drop();
        call.close(Status.fromCode(failure.grpcCode()).withDescription(failure.getMessage()),
                new Metadata());
    }
}
