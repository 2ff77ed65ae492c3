package io.seldonmesh.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Stops whatever is still running when the JVM exits normally, newest first, so a server is closed
 * (data deleted) before the raw process list is swept. A killed JVM runs no hooks; for that case
 * every child watches its parent itself ({@link OrphanGuard}).
 */
final class ExitCleanup {

    private static final Logger LOG = Logger.getLogger(ExitCleanup.class);
    private static final Set<AutoCloseable> OPEN = new LinkedHashSet<>();
    private static boolean hookInstalled;

    private ExitCleanup() {
    }

    static synchronized void register(AutoCloseable resource) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::closeAll, "testkit-exit-cleanup"));
            hookInstalled = true;
        }
        OPEN.add(resource);
    }

    static synchronized void unregister(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    private static void closeAll() {
        List<AutoCloseable> newestFirst;
        synchronized (ExitCleanup.class) {
            newestFirst = new ArrayList<>(OPEN);
        }
        Collections.reverse(newestFirst);
        for (AutoCloseable resource : newestFirst) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warnf(e, "testkit could not stop %s at JVM exit", resource);
            }
        }
    }
}
