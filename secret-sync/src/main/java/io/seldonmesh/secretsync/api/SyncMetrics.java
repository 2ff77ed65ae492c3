package io.seldonmesh.secretsync.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.seldonmesh.secretsync.core.CertificateValidity;
import io.seldonmesh.secretsync.core.SourceRef;
import io.seldonmesh.secretsync.core.TokenStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus view of secret-sync: sources and copies after the latest reconciliation, conflicts, writes,
 * per OAuth source the token's age and time to expiry and the renewal failures, and per certificate key of a
 * source the time to its expiry.
 */
public final class SyncMetrics {

    /** The state the latest reconciliation left the cluster in. */
    public record PassSummary(int validSources, int invalidSources, int targets, int desiredCopies, int copiesInSync,
                              long conflicts) {
    }

    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicReference<PassSummary> latest = new AtomicReference<>(new PassSummary(0, 0, 0, 0, 0, 0));
    private final Map<SourceRef, TokenStatus> tokens = new ConcurrentHashMap<>();
    private final Map<SourceRef, List<Meter>> tokenMeters = new HashMap<>();
    private final Map<String, CertificateValidity> certificates = new ConcurrentHashMap<>();
    private final Map<String, Meter> certificateMeters = new HashMap<>();
    private final Counter conflictsDetected;
    private final Counter passFailures;

    public SyncMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        gauge("secret_sync.sources", "Selected source Secrets", Tags.of("validity", "valid"), PassSummary::validSources);
        gauge("secret_sync.sources", "Selected source Secrets", Tags.of("validity", "invalid"), PassSummary::invalidSources);
        gauge("secret_sync.targets", "Namespaces receiving copies", Tags.empty(), PassSummary::targets);
        gauge("secret_sync.copies.desired", "Copies that should exist", Tags.empty(), PassSummary::desiredCopies);
        gauge("secret_sync.copies.in_sync", "Copies matching their source", Tags.empty(), PassSummary::copiesInSync);
        gauge("secret_sync.conflicts", "Foreign Secrets standing where a copy should be", Tags.empty(), PassSummary::conflicts);
        conflictsDetected = Counter.builder("secret_sync.conflicts.detected").description("Conflicts that appeared")
                .register(registry);
        passFailures = Counter.builder("secret_sync.reconcile.failures")
                .description("Reconciliations that could not read the cluster").register(registry);
    }

    public void passCompleted(PassSummary summary) {
        latest.set(summary);
    }

    public void conflictDetected() {
        conflictsDetected.increment();
    }

    public void passFailed() {
        passFailures.increment();
    }

    public void written(String action) {
        registry.counter("secret_sync.writes", "action", action).increment();
    }

    public void credentialEvent(String outcome) {
        registry.counter("secret_sync.credential_events", "outcome", outcome).increment();
    }

    /** Registers meters for newly tracked OAuth sources and removes those of sources no longer tracked. */
    public synchronized void tokens(List<TokenStatus> statuses) {
        Set<SourceRef> current = new HashSet<>();
        for (TokenStatus status : statuses) {
            current.add(status.source());
            tokens.put(status.source(), status);
            tokenMeters.computeIfAbsent(status.source(), this::tokenMeters);
        }
        for (SourceRef gone : new ArrayList<>(tokenMeters.keySet())) {
            if (!current.contains(gone)) {
                tokenMeters.remove(gone).forEach(registry::remove);
                tokens.remove(gone);
            }
        }
    }

    /** One gauge per certificate key of a replicated source: seconds until its earliest certificate expires. */
    public synchronized void certificates(List<CertificateValidity> validities) {
        Map<String, CertificateValidity> current = new HashMap<>();
        validities.forEach(validity -> current.put(validity.source() + " " + validity.key(), validity));
        certificates.keySet().retainAll(current.keySet());
        certificates.putAll(current);
        for (String gone : new ArrayList<>(certificateMeters.keySet())) {
            if (!current.containsKey(gone)) {
                registry.remove(certificateMeters.remove(gone));
            }
        }
        current.forEach((id, validity) -> certificateMeters.computeIfAbsent(id, key -> Gauge.builder(
                        "secret_sync.certificate.expires_in_seconds", certificates,
                        map -> map.containsKey(id) ? Duration.between(clock.instant(), map.get(id).notAfter()).toSeconds()
                                : Double.NaN)
                .description("Seconds until the earliest certificate in this key of a source expires (negative once expired)")
                .tags(Tags.of("source", validity.source().toString(), "key", validity.key())).register(registry)));
    }

    private List<Meter> tokenMeters(SourceRef source) {
        Tags tags = Tags.of("source", source.toString());
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("secret_sync.token.expires_in_seconds", tokens,
                        map -> seconds(map.get(source), true))
                .description("Seconds until the current token expires (negative once expired)").tags(tags).register(registry));
        meters.add(Gauge.builder("secret_sync.token.age_seconds", tokens, map -> seconds(map.get(source), false))
                .description("Seconds since the current token was obtained").tags(tags).register(registry));
        meters.add(Gauge.builder("secret_sync.token.consecutive_failures", tokens,
                        map -> map.containsKey(source) ? map.get(source).consecutiveFailures() : 0)
                .description("Token requests failed since the last success").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("secret_sync.token.refresh_failures", tokens,
                        map -> map.containsKey(source) ? map.get(source).failures() : 0)
                .description("Failed token requests").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("secret_sync.token.refreshes", tokens,
                        map -> map.containsKey(source) ? map.get(source).refreshes() : 0)
                .description("Tokens obtained").tags(tags).register(registry));
        return meters;
    }

    private double seconds(TokenStatus status, boolean untilExpiry) {
        if (status == null || status.token().isEmpty()) {
            return Double.NaN;
        }
        Duration duration = untilExpiry ? Duration.between(clock.instant(), status.token().get().expiresAt())
                : Duration.between(status.token().get().obtainedAt(), clock.instant());
        return duration.toMillis() / 1000.0;
    }

    private void gauge(String name, String description, Tags tags, ToDoubleFunction<PassSummary> value) {
        Gauge.builder(name, latest, reference -> value.applyAsDouble(reference.get())).description(description).tags(tags)
                .register(registry);
    }
}
