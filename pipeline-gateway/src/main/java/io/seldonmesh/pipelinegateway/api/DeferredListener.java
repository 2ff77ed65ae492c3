package io.seldonmesh.pipelinegateway.api;

import io.grpc.ServerCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Holds a gRPC call's events while its caller is being checked (a token may need the issuer's keys first), then
 * hands them, in order, to the call's real listener; drops them when the call is refused. Until the real listener
 * starts, no message is requested, so only readiness and cancellation can arrive early.
 */
final class DeferredListener<Q> extends ServerCall.Listener<Q> {

    private final List<Consumer<ServerCall.Listener<Q>>> early = new ArrayList<>();
    private ServerCall.Listener<Q> started;
    private boolean dropped;

    synchronized void start(ServerCall.Listener<Q> listener) {
        started = listener;
        early.forEach(event -> event.accept(listener));
        early.clear();
    }

    synchronized void drop() {
        dropped = true;
        early.clear();
    }

    @Override
    public void onMessage(Q message) {
        deliver(listener -> listener.onMessage(message));
    }

    @Override
    public void onHalfClose() {
        deliver(ServerCall.Listener::onHalfClose);
    }

    @Override
    public void onCancel() {
        deliver(ServerCall.Listener::onCancel);
    }

    @Override
    public void onComplete() {
        deliver(ServerCall.Listener::onComplete);
    }

    @Override
    public void onReady() {
        deliver(ServerCall.Listener::onReady);
    }

    private synchronized void deliver(Consumer<ServerCall.Listener<Q>> event) {
        if (started != null) {
            event.accept(started);
        } else if (!dropped) {
            early.add(event);
        }
    }
}
