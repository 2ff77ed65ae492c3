package io.seldonmesh.modelfetcher.core;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a Model's {@code storageUri} the way Seldon Core 2's agent does with rclone:
 * {@code <remote>://bucket/prefix} where {@code <remote>} is the {@code name} of the rclone remote in
 * the Model's secret; {@code s3://} without a secret uses the AWS default chains (IRSA on EKS);
 * {@code file:///path} is a local directory.
 */
public final class StorageUri {

    private static final Pattern REMOTE_URI = Pattern.compile("([A-Za-z0-9][A-Za-z0-9_.+-]*)://(.*)");

    private StorageUri() {
    }

    public static StorageLocation resolve(String model, String storageUri, Optional<ModelSecret> secret) {
        if (storageUri == null || storageUri.isBlank()) {
            throw new FetchFailure("Model " + model + ": storageUri is empty; expected <remote>://bucket/path, s3://bucket/path or file:///path");
        }
        Matcher matcher = REMOTE_URI.matcher(storageUri.trim());
        if (!matcher.matches()) {
            throw new FetchFailure("Model " + model + ": storageUri '" + storageUri
                    + "' is not <remote>://bucket/path (nor s3://bucket/path or file:///path)");
        }
        String remote = matcher.group(1);
        String rest = matcher.group(2);
        if (remote.equals("file")) {
            return local(model, storageUri, rest);
        }
        S3Access access = access(model, storageUri, remote, secret);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isBlank()) {
            throw new FetchFailure("Model " + model + ": storageUri '" + storageUri + "' names no bucket");
        }
        String prefix = path.replaceAll("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new StorageLocation.S3(storageUri, bucket, prefix, access);
    }

    private static S3Access access(String model, String storageUri, String remote, Optional<ModelSecret> secret) {
        if (secret.isEmpty()) {
            if (remote.equals("s3")) {
                return S3Access.defaultChain();
            }
            throw new FetchFailure("Model " + model + ": storageUri '" + storageUri + "' uses remote '" + remote
                    + "' but the Model has no secretName; name a Secret holding an rclone remote called '" + remote + "'");
        }
        RcloneRemoteConfig config = RcloneRemoteConfig.parse(model, secret.get());
        if (!config.name().equals(remote)) {
            throw new FetchFailure("Model " + model + ": storageUri '" + storageUri + "' uses remote '" + remote
                    + "' but secret '" + secret.get().name() + "' defines remote '" + config.name()
                    + "'; make the storageUri start with " + config.name() + ":// or rename the remote");
        }
        return S3Access.fromRclone(model, config);
    }

    private static StorageLocation local(String model, String storageUri, String rest) {
        Path path = Path.of(rest);
        if (!path.isAbsolute()) {
            throw new FetchFailure("Model " + model + ": storageUri '" + storageUri
                    + "' is not an absolute path; write file:///absolute/path");
        }
        return new StorageLocation.Local(storageUri, path.normalize());
    }
}
