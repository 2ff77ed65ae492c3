package io.seldonmesh.secretsync.core;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Everything one reconciliation decided: the writes, the problems found before writing, the OAuth sources
 * whose tokens must be kept fresh, the sources being replicated with their fingerprints, and the invalid sources
 * whose copies are held, and when the certificates of the replicated sources expire.
 *
 * @param desiredCopies copies that should exist (replicated sources times targets)
 * @param copiesInSync of those, the ones that already match their source
 */
public record ReplicationPlan(List<CopyAction> actions, List<Problem> problems,
                             Map<SourceRef, OAuthClientCredentials> oauthSources, List<ReplicatedSource> replicated,
                             List<HeldSource> held, List<CertificateValidity> certificates,
                             SortedSet<String> targets, int validSources, int invalidSources, int desiredCopies,
                             int copiesInSync) {
}
