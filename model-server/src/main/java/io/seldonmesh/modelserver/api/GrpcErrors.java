package io.seldonmesh.modelserver.api;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.seldonmesh.common.v2.V2ValidationException;
import io.seldonmesh.modelserver.core.ModelServerException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** The one place gRPC calls turn failures into status codes; the description is the same text REST returns. */
final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static <T> void respond(StreamObserver<T> observer, Supplier<T> call) {
        T response;
        try {
            response = call.get();
        } catch (ModelServerException e) {
            observer.onError(Status.fromCode(code(e.httpStatus())).withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (V2ValidationException e) {
            observer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            LOG.error("gRPC call failed unexpectedly", e);
            observer.onError(Status.INTERNAL.withDescription("internal error: " + e).asRuntimeException());
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    /** The gRPC code matching an HTTP status, as gRPC's own HTTP mapping and KServe pair them. */
    static Status.Code code(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> Status.Code.INVALID_ARGUMENT;
            case 401 -> Status.Code.UNAUTHENTICATED;
            case 403 -> Status.Code.PERMISSION_DENIED;
            case 404 -> Status.Code.NOT_FOUND;
            case 409 -> Status.Code.ABORTED;
            case 412 -> Status.Code.FAILED_PRECONDITION;
            case 429 -> Status.Code.RESOURCE_EXHAUSTED;
            case 499 -> Status.Code.CANCELLED;
            case 501 -> Status.Code.UNIMPLEMENTED;
            case 503 -> Status.Code.UNAVAILABLE;
            case 504 -> Status.Code.DEADLINE_EXCEEDED;
            default -> httpStatus >= 400 && httpStatus < 500 ? Status.Code.FAILED_PRECONDITION : Status.Code.INTERNAL;
        };
    }
}
