package io.seldonmesh.common.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where Models may be loaded from ({@value #VARIABLE}), per namespace: comma-separated entries, each either a storage
 * URI prefix for every namespace ({@code s3://models/shared}, {@code gs://seldon-models}, {@code /var/models}) or
 * {@code <namespace>=<prefix>} for one namespace only ({@code team-a=s3://bucket-a/}; repeat the namespace for more
 * prefixes). The form is unambiguous although storage URIs hold {@code :} and may hold {@code =}: a URI or path has a
 * {@code /} before any {@code =} (it starts with {@code /} or {@code <remote>://}), a namespace never has one.
 *
 * <p>Unset or empty allows every location in every namespace, as before there was a list. Once set, a namespace may
 * load from the entries for every namespace plus its own, and nowhere else: a namespace the list does not name gets
 * only the shared entries (none when there are none). Checked where the namespace is known, with the same rule: the
 * control API (a 400 naming the entries), the Kubernetes resource watcher (the resource's status) and model-fetcher
 * (LoadFailed), which also sees specs written straight to the control topic. Whoever may declare a Model decides
 * which bucket the fetcher reads with its own credentials; the list keeps that to the buckets an operator meant.
 *
 * <p>A prefix matches at a path segment boundary ({@code s3://models/team-a} allows {@code s3://models/team-a/iris},
 * not {@code s3://models/team-ab}), remote and bucket exactly. A URI with a {@code ..} segment is refused while a
 * list is set: on a local path it would climb out of the prefix, and a bucket key that holds one is not worth the
 * doubt.
 */
public final class StorageAllowList {

    public static final String VARIABLE = "STORAGE_URI_ALLOWED_PREFIXES";

    /** One entry: a prefix, for one namespace or (namespace null) for all. */
    private record Entry(String namespace, StorageUri prefix) {

        boolean appliesTo(String candidate) {
            return namespace == null || namespace.equals(candidate);
        }

        @Override
        public String toString() {
            return (namespace == null ? "" : namespace + "=") + prefix;
        }
    }

    private final List<Entry> entries;

    private StorageAllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Every location allowed. */
    public static StorageAllowList any() {
        return new StorageAllowList(List.of());
    }

    /** @throws IllegalArgumentException naming the variable, the entry that is wrong and the form expected */
    public static StorageAllowList parse(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String entry : (text == null ? "" : text).split(",")) {
            String trimmed = entry.trim();
            if (!trimmed.isEmpty()) {
                entries.add(entry(trimmed));
            }
        }
        return new StorageAllowList(entries);
    }

    private static Entry entry(String text) {
        int equals = text.indexOf('=');
        boolean namespaced = equals >= 0 && text.lastIndexOf('/', equals) < 0;
        String namespace = namespaced ? text.substring(0, equals).trim() : null;
        String prefixText = namespaced ? text.substring(equals + 1).trim() : text;
        if (namespaced) {
            if (namespace.isEmpty()) {
                throw new IllegalArgumentException(VARIABLE + " entry '" + text + "' names no namespace before '=';"
                        + " write <namespace>=<prefix> (e.g. team-a=s3://bucket-a/) or the prefix alone for every"
                        + " namespace");
            }
            ResourceName.problem("namespace", namespace).ifPresent(problem -> {
                throw new IllegalArgumentException(VARIABLE + " entry '" + text + "': " + problem);
            });
            if (prefixText.isEmpty()) {
                throw new IllegalArgumentException(VARIABLE + " entry '" + text + "' names no prefix after '=';"
                        + " write " + namespace + "=<prefix> (e.g. " + namespace + "=s3://bucket-a/)");
            }
        }
        StorageUri prefix;
        try {
            prefix = StorageUri.parse(prefixText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(VARIABLE + " entry " + e.getMessage()
                    + (namespaced ? "" : "; an entry for one namespace is <namespace>=<prefix>"));
        }
        if (hasParentSegment(prefix.path())) {
            throw new IllegalArgumentException(VARIABLE + " entry '" + text + "' has a '..' segment; name the"
                    + " directory or prefix itself");
        }
        return new Entry(namespace, prefix);
    }

    public boolean allowsEverything() {
        return entries.isEmpty();
    }

    /**
     * Why this storage URI may not be used by a Model of {@code namespace}, or empty when it may (or when it is not a
     * URI: others say that).
     */
    public Optional<String> refusal(String namespace, String storageUri) {
        if (entries.isEmpty() || storageUri == null) {
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
        List<Entry> applying = entries.stream().filter(entry -> entry.appliesTo(namespace)).toList();
        if (applying.stream().anyMatch(entry -> within(uri, entry.prefix()))) {
            return Optional.empty();
        }
        if (applying.isEmpty()) {
            return Optional.of("storageUri '" + storageUri + "' may not be loaded in namespace '" + namespace + "': "
                    + VARIABLE + " allows no location there (its entries are for other namespaces only); ask the"
                    + " operator to add an entry " + namespace + "=<prefix>");
        }
        return Optional.of("storageUri '" + storageUri + "' is outside the locations this installation allows in"
                + " namespace '" + namespace + "' (" + VARIABLE + ": "
                + String.join(", ", applying.stream().map(Entry::toString).toList())
                + "); move the model under one of them, or ask the operator to add its location");
    }

    /**
     * The model, when its storage may be used in {@code namespace}.
     *
     * @throws InvalidSpecException on {@code spec.storageUri}, with the {@link #refusal} as its problem
     */
    public Model require(String namespace, Model model) {
        refusal(namespace, model.spec().storageUri()).ifPresent(problem -> {
            throw new InvalidSpecException(Model.KIND, model.name(), List.of(new SpecProblem("spec.storageUri", problem)));
        });
        return model;
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
        return entries.isEmpty() ? "any location" : entries.toString();
    }
}
