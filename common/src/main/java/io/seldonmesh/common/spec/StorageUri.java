package io.seldonmesh.common.spec;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a model artifact is: {@code <remote>://<bucket>/<path>} (the remote names an rclone-style
 * storage configuration, or a scheme such as {@code s3} or {@code gs}), or an absolute path on a
 * volume the model server already has mounted.
 *
 * @param remote the part before {@code ://}; null for a local path
 * @param bucket the bucket; null for a local path
 * @param path the object path within the bucket (may be empty), or the local absolute path
 */
public record StorageUri(String remote, String bucket, String path) {

    private static final Pattern REMOTE = Pattern.compile("([A-Za-z][A-Za-z0-9+._-]*)://([^/\\s]+)(?:/(\\S*))?");
    static final String FORM = "<remote>://<bucket>/<path>";

    /** @throws IllegalArgumentException saying what was expected */
    public static StorageUri parse(String uri) {
        if (uri != null && uri.startsWith("/") && !uri.startsWith("//") && !uri.isBlank()) {
            return new StorageUri(null, null, uri);
        }
        Matcher matcher = uri == null ? null : REMOTE.matcher(uri);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("'" + uri + "' is not " + FORM + " (e.g. s3://models/iris) or an"
                    + " absolute path on a mounted volume (e.g. /var/models/iris)");
        }
        return new StorageUri(matcher.group(1), matcher.group(2), matcher.group(3) == null ? "" : matcher.group(3));
    }

    public boolean isLocal() {
        return remote == null;
    }

    public Optional<String> remoteName() {
        return Optional.ofNullable(remote);
    }

    @Override
    public String toString() {
        return isLocal() ? path : remote + "://" + bucket + "/" + path;
    }
}
