package io.seldonmesh.secretsync.io;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.secretsync.core.ClusterSnapshot;
import io.seldonmesh.secretsync.core.IssuedToken;
import io.seldonmesh.secretsync.core.OAuthClientCredentials;
import io.seldonmesh.secretsync.core.Problem;
import io.seldonmesh.secretsync.core.ReplicatedSource;
import io.seldonmesh.secretsync.core.ReplicationPlan;
import io.seldonmesh.secretsync.core.ReplicationPlanner;
import io.seldonmesh.secretsync.core.SourceRef;
import io.seldonmesh.secretsync.core.SyncSettings;
import io.seldonmesh.secretsync.core.TokenResponse.TokenRequestFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The doctor's look at what secret-sync would replicate now: the sources its selection finds (each invalid one with
 * what is wrong), and for every valid OAuth source a real token request to the endpoint its Secret names, as the
 * token refresher would make it (the token is dropped).
 */
public final class SourcesCheck {

    public static final String SOURCES = "sources";
    public static final String TOKENS = "token endpoint";

    private final KubernetesClient client;
    private final ReplicationPlanner planner;
    private final TokenEndpointClient endpoint;

    public SourcesCheck(KubernetesClient client, ReplicationPlanner planner, TokenEndpointClient endpoint) {
        this.client = client;
        this.planner = planner;
        this.endpoint = endpoint;
    }

    public List<Finding> examine() {
        String namespace = planner.sourceNamespace();
        List<Secret> secrets;
        try {
            secrets = client.secrets().inNamespace(namespace).list().getItems();
        } catch (KubernetesClientException e) {
            return List.of(Finding.fail(SOURCES, "cannot list the Secrets of " + namespace + " ("
                    + KubernetesFailure.describe(e) + ")"), Finding.skip(TOKENS));
        }
        ReplicationPlan plan = planner.plan(new ClusterSnapshot(secrets, List.of(), List.of()), Map.of());
        List<Finding> findings = new ArrayList<>();
        if (plan.replicated().isEmpty()) {
            findings.add(Finding.warn(SOURCES, "no valid Secret of " + namespace + " is selected by "
                    + SyncSettings.SOURCE_SELECTOR + " or " + SyncSettings.SOURCE_NAMES
                    + ": there is nothing to copy"));
        } else {
            findings.add(Finding.ok(SOURCES, "replicates " + plan.replicated().stream().map(ReplicatedSource::source)
                    .map(SourceRef::toString).toList()));
        }
        for (Problem problem : plan.problems()) {
            findings.add(Finding.warn(SOURCES, problem.message()));
        }
        plan.oauthSources().forEach((source, credentials) -> findings.add(requestToken(source, credentials)));
        return findings;
    }

    private Finding requestToken(SourceRef source, OAuthClientCredentials credentials) {
        try {
            IssuedToken token = endpoint.request(credentials);
            return Finding.ok(TOKENS, source + ": " + credentials.tokenEndpoint() + " issues client "
                    + credentials.clientId() + " tokens valid for " + token.lifetime().toSeconds() + "s");
        } catch (TokenRequestFailed e) {
            return Finding.fail(TOKENS, source + ": " + e.getMessage() + "; check token_endpoint_url, client_id and"
                    + " client_secret in that Secret, and that the endpoint is reachable from this pod");
        }
    }
}
