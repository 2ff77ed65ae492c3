package io.seldonmesh.bench.startup;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The measured service JVMs still running, killed with whatever they started when this JVM exits (an error, Ctrl-C),
 * so no run leaves a service behind. testkit's servers (broker, model server) have their own guard.
 */
final class ChildProcesses {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::killAll, "startup-bench-child-cleanup"));
    }

    private ChildProcesses() {
    }

    static void register(Process process) {
        RUNNING.add(process);
    }

    static void unregister(Process process) {
        RUNNING.remove(process);
    }

    private static void killAll() {
        for (Process process : RUNNING) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
