package io.seldonmesh.modelfetcher.core;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a model's files were verified by their size only, counted per reason, for one log line per
 * model: a set of 200 small SSE-KMS files without checksums gives one reason 200 times, and one
 * line saying so reads better than 200 (each file's own line is at DEBUG).
 */
public final class SizeOnlyReasons {

    private final Map<String, Integer> counts = new TreeMap<>();

    /** @param reason {@link Verification#reason()} of a size-only verification */
    public synchronized void add(String reason) {
        counts.merge(reason.replaceFirst("^size only: ", ""), 1, Integer::sum);
    }

    public synchronized int files() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** E.g. {@code 201 files verified by size only: no S3 additional checksum; ... (200 files); and ... (1 file)}, commonest first. */
    @Override
    public synchronized String toString() {
        int files = files();
        StringBuilder text = new StringBuilder().append(files).append(files == 1 ? " file" : " files")
                .append(" verified by size only");
        String separator = ": ";
        List<Map.Entry<String, Integer>> commonestFirst = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
        for (Map.Entry<String, Integer> reason : commonestFirst) {
            text.append(separator).append(reason.getKey()).append(" (").append(reason.getValue())
                    .append(reason.getValue() == 1 ? " file)" : " files)");
            separator = "; and ";
        }
        return text.toString();
    }
}
