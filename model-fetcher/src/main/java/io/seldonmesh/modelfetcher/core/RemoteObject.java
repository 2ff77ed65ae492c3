package io.seldonmesh.modelfetcher.core;

import java.util.Optional;

/**
 * One object of a model's artifact as the bucket listing shows it.
 *
 * @param path the key relative to the model's prefix, with '/' separators: the file's place in the
 *             version directory
 */
public record RemoteObject(String key, String path, long size, String eTag) {

    /**
     * The object under {@code prefix} with key {@code key}; empty for a "directory marker" (a key
     * ending in '/'), which S3 consoles create and which holds no file. A key that would leave the
     * version directory ({@code ..}, an absolute path, an empty segment) is refused rather than
     * written somewhere else on the disk.
     */
    public static Optional<RemoteObject> under(String model, String prefix, String key, long size, String eTag) {
        if (!key.startsWith(prefix)) {
            throw new FetchFailure("Model " + model + ": object '" + key + "' is not under prefix '" + prefix + "'");
        }
        String path = key.substring(prefix.length());
        if (path.isEmpty() || path.endsWith("/")) {
            return Optional.empty();
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")) {
                throw new FetchFailure("Model " + model + ": object key '" + key
                        + "' cannot be a file path under the model directory (empty, '.', '..' or '\\' segment); rename it");
            }
        }
        return Optional.of(new RemoteObject(key, path, size, unquote(eTag)));
    }

    private static String unquote(String eTag) {
        if (eTag == null) {
            return "";
        }
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"") ? eTag.substring(1, eTag.length() - 1) : eTag;
    }
}
