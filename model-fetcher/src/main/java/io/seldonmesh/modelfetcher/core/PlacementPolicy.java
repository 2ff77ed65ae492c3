package io.seldonmesh.modelfetcher.core;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.spec.ModelSpec;
import io.seldonmesh.common.spec.SpecProblem;
import io.seldonmesh.common.spec.UnsupportedFeatures;

/**
 * Decides which models a server replica holds, without a central scheduler: every fetcher reads
 * every Model spec and applies the same rules, so they agree.
 * <ul>
 *   <li>{@code spec.server} set: only that server holds it;</li>
 *   <li>replicas: ordinals {@code 0..replicas-1} of the server hold it ({@code replicas: 0} unloads);</li>
 *   <li>otherwise: a server whose capabilities include every {@code spec.requirements} entry (a
 *       server with no configured capabilities takes only pinned models, so that two servers never
 *       both take an unpinned one by default). A replica that would hold the model but lacks a
 *       capability says so: the model is {@link Placement.Unfit}, not silently someone else's;</li>
 *   <li>a Model that asks for what no server here runs (common's {@code UnsupportedFeatures}: an explainer) is
 *       {@link Placement.Unfit}, saying so;</li>
 *   <li>memory: the models held must fit the server's memory, else the model is refused with both
 *       figures.</li>
 * </ul>
 */
public final class PlacementPolicy {

    private PlacementPolicy() {
    }

    /**
     * @param memoryOfOthers bytes of memory the other models held by this replica declare
     */
    public static Placement decide(Model model, ServerIdentity server, long memoryOfOthers) {
        ModelSpec spec = model.spec();
        boolean pinned = spec.server() != null && !spec.server().isBlank();
        if (pinned && !spec.server().equals(server.serverName())) {
            return new Placement.Elsewhere("Model " + model.name() + " is pinned to server '" + spec.server() + "'");
        }
        int replicas = spec.desiredReplicas();
        if (server.replicaIndex() >= replicas) {
            return new Placement.Elsewhere("Model " + model.name() + " wants " + replicas + " replica(s); this is replica "
                    + server.replicaIndex() + " of server '" + server.serverName() + "'");
        }
        List<SpecProblem> unsupported = UnsupportedFeatures.of(model);
        if (!unsupported.isEmpty()) {
            return new Placement.Unfit("Model " + model.name() + " cannot be served: " + unsupported.stream()
                    .map(SpecProblem::toString).collect(Collectors.joining("; ")));
        }
        if (!pinned) {
            if (server.capabilities().isEmpty()) {
                return new Placement.Unfit("Model " + model.name() + " names no server (spec.server) and server '"
                        + server.serverName() + "' declares no capabilities, so it takes only the Models pinned to it;"
                        + " set spec.server, or deploy a server whose capabilities cover spec.requirements");
            }
            Set<String> missing = new TreeSet<>();
            for (String requirement : spec.requirements()) {
                if (!server.capabilities().contains(requirement.toLowerCase(Locale.ROOT))) {
                    missing.add(requirement);
                }
            }
            if (!missing.isEmpty()) {
                return new Placement.Unfit("Model " + model.name() + " requires " + missing + ", which server '"
                        + server.serverName() + "' (capabilities: " + String.join(", ", new TreeSet<>(server.capabilities()))
                        + ") does not offer; deploy a server with these capabilities or change spec.requirements");
            }
        }
        long needed = spec.memoryBytes().orElse(0);
        if (server.memoryBytes().isPresent() && memoryOfOthers + needed > server.memoryBytes().getAsLong()) {
            long capacity = server.memoryBytes().getAsLong();
            return new Placement.Refused("Model " + model.name() + " needs " + spec.memory() + " (" + needed
                    + " bytes) but server replica " + server.replicaId() + " has " + Math.max(0, capacity - memoryOfOthers)
                    + " of " + capacity + " bytes free; lower spec.memory, unload another model or give the server more memory");
        }
        return new Placement.Here();
    }
}
