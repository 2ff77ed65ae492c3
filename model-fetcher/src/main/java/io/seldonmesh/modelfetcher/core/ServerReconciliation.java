package io.seldonmesh.modelfetcher.core;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Compares what this replica holds with what one check of its model server saw, as Seldon's agent
 * does: a server that restarted comes back empty, and its models must be loaded again, or the
 * gateways send requests to a model that is not there.
 * <ul>
 *   <li>no answer: every held model is {@code UNREACHABLE};</li>
 *   <li>a changed {@code instance_id}: the server restarted; each held model the index does not show
 *       READY (or every held model, without an index) is {@code RESTARTED};</li>
 *   <li>otherwise each held model the index does not show READY at its version is {@code NOT_LOADED};
 *       a server without an index and without an instance id can only be seen to answer.</li>
 * </ul>
 */
public final class ServerReconciliation {

    private ServerReconciliation() {
    }

    /**
     * @param held             model name to the version this replica loaded
     * @param previousInstance the instance id the previous answer carried
     * @param checkEvery       how often the server is checked, for the reasons
     */
    public static Map<String, ServerFinding> findings(URI server, Map<String, String> held, ServerSnapshot snapshot,
                                                      Optional<String> previousInstance, Duration checkEvery) {
        Map<String, ServerFinding> findings = new LinkedHashMap<>();
        if (snapshot instanceof ServerSnapshot.Unreachable unreachable) {
            held.keySet().forEach(model -> findings.put(model, new ServerFinding(ServerFinding.Kind.UNREACHABLE, "Model " + model
                    + ": the model server at " + server + " is unreachable: " + unreachable.cause() + "; checking again every "
                    + interval(checkEvery) + ", the model is loaded again when it answers")));
            return findings;
        }
        ServerSnapshot.Answering answering = (ServerSnapshot.Answering) snapshot;
        Optional<String> restart = answering.instanceId().filter(now -> previousInstance.isPresent()
                && !previousInstance.get().equals(now)).map(now -> "restarted (instance " + now + ", was "
                + previousInstance.get() + ")");
        held.forEach((model, version) -> findings.put(model, finding(server, model, version, answering.index(), restart)));
        return findings;
    }

    /** {@code 5 s}, or {@code 500 ms} below a second. */
    public static String interval(Duration every) {
        return every.toMillis() % 1000 == 0 ? every.toSeconds() + " s" : every.toMillis() + " ms";
    }

    private static ServerFinding finding(URI server, String model, String version,
                                         Optional<Map<String, ServerSnapshot.IndexEntry>> index, Optional<String> restart) {
        if (index.isEmpty()) {
            return restart.map(how -> reload(ServerFinding.Kind.RESTARTED, server, model, how + ", so version " + version
                    + " may not be loaded")).orElse(ServerFinding.LOADED);
        }
        ServerSnapshot.IndexEntry entry = index.get().get(model);
        if (entry != null && entry.ready() && (entry.version().isBlank() || entry.version().equals(version))) {
            return ServerFinding.LOADED;
        }
        String seen = entry == null ? "it is not in the repository index"
                : "the repository index shows it " + entry.state() + (entry.version().isBlank() ? "" : " at version " + entry.version())
                        + (entry.reason().isBlank() ? "" : " (" + entry.reason() + ")");
        return restart.map(how -> reload(ServerFinding.Kind.RESTARTED, server, model, how + " and no longer has version "
                        + version + " loaded: " + seen))
                .orElseGet(() -> reload(ServerFinding.Kind.NOT_LOADED, server, model, "no longer has version " + version
                        + " loaded: " + seen));
    }

    private static ServerFinding reload(ServerFinding.Kind kind, URI server, String model, String what) {
        return new ServerFinding(kind, "Model " + model + ": the model server at " + server + " " + what + "; reloading");
    }
}
