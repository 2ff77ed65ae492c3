package io.seldonmesh.modelfetcher.core;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import io.seldonmesh.common.status.Endpoints;

/**
 * The model server replica this fetcher serves, as Seldon's agent knows its own: the server's name
 * (what a Model's {@code spec.server} names), this replica's id and ordinal, the capabilities it
 * offers (what {@code spec.requirements} must be within), its memory for models, and where the
 * models it loads are served.
 *
 * @param replicaId    the status key's replica part, e.g. the pod name {@code mlserver-0}
 * @param replicaIndex the replica's ordinal: a Model with {@code replicas: n} is loaded by ordinals 0..n-1
 * @param memoryBytes  empty: no memory limit is enforced
 */
public record ServerIdentity(String serverName, String replicaId, int replicaIndex, Set<String> capabilities,
                             OptionalLong memoryBytes, Endpoints endpoints) {

    public ServerIdentity {
        // Seldon compares capabilities without regard to case.
        capabilities = capabilities.stream().map(c -> c.trim().toLowerCase(Locale.ROOT)).filter(c -> !c.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
