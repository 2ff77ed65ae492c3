package io.seldonmesh.secretsync.io;

/**
 * How the watches and the token refresher ask the replicator for a pass. They are built before the replicator, which
 * needs them, so it answers once it exists; a request before that has nothing to do, as its start runs a full pass.
 */
public final class PassRequests implements Runnable {

    private volatile Runnable replicator = () -> { };

    public void answeredBy(Runnable replicator) {
        this.replicator = replicator;
    }

    @Override
    public void run() {
        replicator.run();
    }
}
