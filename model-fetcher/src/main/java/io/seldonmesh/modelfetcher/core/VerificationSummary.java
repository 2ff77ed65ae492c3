package io.seldonmesh.modelfetcher.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The verification methods used across a model's files, for the {@code verification} field of the
 * model status, e.g. {@code "sha256 (220 files), size (1 file)"}: strongest method first, so a
 * reader sees at once whether anything was left to size only. With each file's path, it also says which file was
 * verified by what, bounded to {@link #PER_FILE_LIMIT} characters (a model may have thousands of files).
 */
public final class VerificationSummary {

    /** The longest per-file text: a status record stays small, and the log at DEBUG has every file. */
    public static final int PER_FILE_LIMIT = 1000;

    private final Map<VerificationMethod, Map<String, Integer>> counts = new EnumMap<>(VerificationMethod.class);
    private final Map<VerificationMethod, Map<String, TreeSet<String>>> paths = new EnumMap<>(VerificationMethod.class);

    /** A file recorded in a version's manifest. */
    public synchronized void add(CachedFile file) {
        add(file.method(), file.verification());
        paths.computeIfAbsent(file.method(), m -> new TreeMap<>()).computeIfAbsent(file.verification(), l -> new TreeSet<>())
                .add(file.path());
    }

    public synchronized void add(VerificationMethod method, String label) {
        counts.computeIfAbsent(method, m -> new TreeMap<>()).merge(label, 1, Integer::sum);
    }

    public synchronized void add(Verification verification) {
        add(verification.method(), verification.label());
    }

    public synchronized boolean anySizeOnly() {
        return counts.containsKey(VerificationMethod.SIZE);
    }

    public synchronized Verified verified() {
        return new Verified(toString(), perFile());
    }

    /** E.g. {@code verified per file: manifest-sha256: a.bin, b.bin; size: c.txt}, cut with "... and N more" at the limit. */
    public synchronized String perFile() {
        int total = paths.values().stream().flatMap(labels -> labels.values().stream()).mapToInt(TreeSet::size).sum();
        if (total == 0) {
            return "verified per file: none (no files)";
        }
        StringBuilder text = new StringBuilder("verified per file:");
        int shown = 0;
        String groupSeparator = " ";
        fill:
        for (Map<String, TreeSet<String>> labels : paths.values()) {
            for (Map.Entry<String, TreeSet<String>> label : labels.entrySet()) {
                text.append(groupSeparator).append(label.getKey()).append(':');
                groupSeparator = "; ";
                String separator = " ";
                for (String path : label.getValue()) {
                    // Room is kept for the "... and N more files" ending.
                    if (text.length() + separator.length() + path.length() > PER_FILE_LIMIT - 30) {
                        break fill;
                    }
                    text.append(separator).append(path);
                    separator = ", ";
                    shown++;
                }
            }
        }
        int more = total - shown;
        return more == 0 ? text.toString() : text.append(" ... and ").append(more).append(more == 1 ? " more file" : " more files")
                .toString();
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
