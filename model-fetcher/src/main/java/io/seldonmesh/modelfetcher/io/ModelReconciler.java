package io.seldonmesh.modelfetcher.io;

/**
 * Asks for a model to be brought in line with its latest record and with what the model server
 * has. The work runs on the model's own worker, after whatever that model is doing: a new spec, a
 * retry and a reload never run at once, and statuses come out in order.
 */
@FunctionalInterface
public interface ModelReconciler {

    void reconcile(String model);
}
