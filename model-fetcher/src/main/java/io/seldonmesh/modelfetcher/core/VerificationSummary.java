package io.seldonmesh.modelfetcher.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verification methods used across a model's files, for the {@code verification} field of the
 * model status, e.g. {@code "sha256 (220 files), size (1 file)"}: strongest method first, so a
 * reader sees at once whether anything was left to size only.
 */
public final class VerificationSummary {

    private final Map<VerificationMethod, Map<String, Integer>> counts = new EnumMap<>(VerificationMethod.class);

    public synchronized void add(VerificationMethod method, String label) {
        counts.computeIfAbsent(method, m -> new TreeMap<>()).merge(label, 1, Integer::sum);
    }

    public synchronized void add(Verification verification) {
        add(verification.method(), verification.label());
    }

    public synchronized boolean anySizeOnly() {
        return counts.containsKey(VerificationMethod.SIZE);
    }

    @Override
    public synchronized String toString() {
        if (counts.isEmpty()) {
            return "none (no files)";
        }
        StringBuilder text = new StringBuilder();
        counts.values().forEach(labels -> labels.forEach((label, count) -> {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(label).append(" (").append(count).append(count == 1 ? " file)" : " files)");
        }));
        return text.toString();
    }
}
