package io.seldonmesh.secretsync;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.runtime.DoctorCheck;
import io.seldonmesh.runtime.StandaloneConfig;
import io.seldonmesh.secretsync.core.ReplicationPlanner;
import io.seldonmesh.secretsync.core.Selection;
import io.seldonmesh.secretsync.core.SyncSettings;
import io.seldonmesh.secretsync.io.KubernetesAccessCheck;
import io.seldonmesh.secretsync.io.SourcesCheck;
import io.seldonmesh.secretsync.io.TokenEndpointClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * secret-sync's own doctor checks, after Kafka's: its settings, the Kubernetes API and what this identity may do
 * there, the sources it would replicate and their token endpoints. Settings and Kubernetes client come from the
 * service's configuration as the service makes them (the client without retries, so that a missing API server is
 * one quick line), whether the doctor runs on the command line or answers {@code GET /q/doctor}.
 */
final class SecretSyncDoctorCheck implements DoctorCheck {

    private static final String SETTINGS = "settings";
    private static final Duration KUBERNETES_TIMEOUT = Duration.ofSeconds(10);

    private final Config config;

    SecretSyncDoctorCheck(Config config) {
        this.config = config;
    }

    @Override
    public List<Finding> examine() {
        SyncSettings settings;
        try {
            settings = SyncSettings.from(StandaloneConfig.mapping(SecretSyncConfig.class, config));
        } catch (RuntimeException e) {
            // a value SyncSettings refuses, or one SmallRye Config cannot read: either way the message names it
            return skipAbove(new ArrayList<>(List.of(Finding.fail(SETTINGS, e.getMessage()),
                    Finding.skip(KubernetesAccessCheck.API))));
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(Finding.ok(SETTINGS, describe(settings)));
        KubernetesClient client;
        try {
            client = kubernetesClient(config);
        } catch (RuntimeException e) {
            findings.add(Finding.fail(KubernetesAccessCheck.API, "no Kubernetes client can be made of this"
                    + " configuration (" + e.getMessage() + "): check the kubeconfig, or KUBERNETES_MASTER"));
            return skipAbove(findings);
        }
        try (client) {
            List<Finding> access = new KubernetesAccessCheck(client, settings.sourceNamespace()).examine();
            findings.addAll(access);
            if (access.stream().anyMatch(finding -> finding.layer().equals(KubernetesAccessCheck.API)
                    && finding.verdict() == Finding.Verdict.FAIL)) {
                return skipAbove(findings);
            }
            findings.addAll(new SourcesCheck(client, new ReplicationPlanner(Selection.of(settings)),
                    new TokenEndpointClient(settings.tokenRequestTimeout(), Clock.systemUTC())).examine());
        }
        return findings;
    }

    private static String describe(SyncSettings settings) {
        return "sources in " + settings.sourceNamespace() + " selected by " + settings.sourceSelector()
                + (settings.sourceNames().isEmpty() ? "" : " or named " + settings.sourceNames()) + "; copies into "
                + settings.targetNamespaces() + " and namespaces matching " + settings.targetSelector();
    }

    /** The layers that need the API server, skipped after it failed. */
    private static List<Finding> skipAbove(List<Finding> findings) {
        if (findings.stream().noneMatch(finding -> finding.layer().equals(KubernetesAccessCheck.RBAC))) {
            findings.add(Finding.skip(KubernetesAccessCheck.RBAC));
        }
        findings.add(Finding.skip(SourcesCheck.SOURCES));
        findings.add(Finding.skip(SourcesCheck.TOKENS));
        return findings;
    }

    /**
     * As Quarkus makes the service's client: Fabric8's auto-configuration (in a pod, the service account; elsewhere a
     * kubeconfig or Fabric8's {@code KUBERNETES_MASTER} and {@code KUBERNETES_TRUST_CERTIFICATES}), then the Quarkus
     * settings over it. Fabric8's variables are read from this configuration too, so a check given variables (the
     * doctor's tests) sees them as the service would.
     */
    private static KubernetesClient kubernetesClient(Config config) {
        int timeout = (int) KUBERNETES_TIMEOUT.toMillis();
        ConfigBuilder settings = new ConfigBuilder(io.fabric8.kubernetes.client.Config.autoConfigure(null))
                .withRequestRetryBackoffLimit(0).withConnectionTimeout(timeout).withRequestTimeout(timeout);
        config.getOptionalValue("kubernetes.master", String.class).ifPresent(settings::withMasterUrl);
        config.getOptionalValue("kubernetes.trust.certificates", Boolean.class).ifPresent(settings::withTrustCerts);
        config.getOptionalValue("quarkus.kubernetes-client.api-server-url", String.class)
                .ifPresent(settings::withMasterUrl);
        config.getOptionalValue("quarkus.kubernetes-client.trust-certs", Boolean.class)
                .ifPresent(settings::withTrustCerts);
        return new KubernetesClientBuilder().withConfig(settings.build()).build();
    }
}
