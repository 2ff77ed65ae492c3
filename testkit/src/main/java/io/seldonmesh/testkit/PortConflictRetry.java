package io.seldonmesh.testkit;

import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Free ports are chosen before the server binds them, and other test JVMs on the machine do the
 * same; a start that lost that race is repeated with fresh ports.
 */
final class PortConflictRetry {

    private static final Logger LOG = Logger.getLogger(PortConflictRetry.class);
    private static final int ATTEMPTS = 3;

    private PortConflictRetry() {
    }

    static <T> T start(String serverName, boolean portsChosenByUs, Supplier<T> attempt) {
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (ServerStartException e) {
                if (!portsChosenByUs || !e.isPortConflict() || i == ATTEMPTS) {
                    throw e;
                }
                LOG.warnf("%s lost a port to another process (attempt %d of %d); retrying with new ports",
                        serverName, i, ATTEMPTS);
            }
        }
    }
}
