package io.seldonmesh.common.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where Models may be loaded from ({@value #VARIABLE}): storage URI prefixes such as {@code s3://models/team-a},
 * {@code gs://seldon-models} or {@code /var/models}, comma-separated. Unset or empty allows every location, as before
 * there was a list. Checked twice, with the same rule: by the control API (a 400 naming the list) and by
 * model-fetcher, which also sees specs written straight to the control topic. Whoever may declare a Model decides
 * which bucket the fetcher reads with its own credentials; the list keeps that to the buckets an operator meant.
 *
 * <p>A prefix matches at a path segment boundary ({@code s3://models/team-a} allows {@code s3://models/team-a/iris},
 * not {@code s3://models/team-ab}), remote and bucket exactly. A URI with a {@code ..} segment is refused while a
 * list is set: on a local path it would climb out of the prefix, and a bucket key that holds one is not worth the
 * doubt.
 */
public final class StorageAllowList {

    public static final String VARIABLE = "STORAGE_URI_ALLOWED_PREFIXES";

    private final List<StorageUri> prefixes;

    private StorageAllowList(List<StorageUri> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    /** Every location allowed. */
    public static StorageAllowList any() {
        return new StorageAllowList(List.of());
    }

    /** @throws IllegalArgumentException naming the variable and the entry that is not a storage URI prefix */
    public static StorageAllowList parse(String text) {
        List<StorageUri> prefixes = new ArrayList<>();
        for (String entry : (text == null ? "" : text).split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            StorageUri prefix;
            try {
                prefix = StorageUri.parse(trimmed);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(VARIABLE + " entry " + e.getMessage());
            }
            if (hasParentSegment(prefix.path())) {
                throw new IllegalArgumentException(VARIABLE + " entry '" + trimmed + "' has a '..' segment; name the"
                        + " directory or prefix itself");
            }
            prefixes.add(prefix);
        }
        return new StorageAllowList(prefixes);
    }

    public boolean allowsEverything() {
        return prefixes.isEmpty();
    }

    /** Why this storage URI may not be used, or empty when it may (or when it is not a URI: others say that). */
    public Optional<String> refusal(String storageUri) {
        if (prefixes.isEmpty() || storageUri == null) {
            return Optional.empty();
        }
        StorageUri uri;
        try {
            uri = StorageUri.parse(storageUri.trim());
        } catch (IllegalArgumentException notAUri) {
            return Optional.empty();
        }
        if (hasParentSegment(uri.path())) {
            return Optional.of("storageUri '" + storageUri + "' has a '..' segment, which " + VARIABLE
                    + " does not allow; name the location directly");
        }
        if (prefixes.stream().anyMatch(prefix -> within(uri, prefix))) {
            return Optional.empty();
        }
        return Optional.of("storageUri '" + storageUri + "' is outside the locations this installation allows ("
                + VARIABLE + ": " + String.join(", ", prefixes.stream().map(StorageUri::toString).toList())
                + "); move the model under one of them, or ask the operator to add its location");
    }

    private static boolean within(StorageUri uri, StorageUri prefix) {
        if (uri.isLocal() != prefix.isLocal()) {
            return false;
        }
        if (!uri.isLocal() && !(uri.remote().equals(prefix.remote()) && uri.bucket().equals(prefix.bucket()))) {
            return false;
        }
        String base = trimSlashes(prefix.path());
        String path = trimSlashes(uri.path());
        return base.isEmpty() || path.equals(base) || path.startsWith(base + "/");
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+", "").replaceAll("/+$", "");
    }

    private static boolean hasParentSegment(String path) {
        return Arrays.asList(path.split("/")).contains("..");
    }

    @Override
    public String toString() {
        return prefixes.isEmpty() ? "any location" : prefixes.toString();
    }
}
