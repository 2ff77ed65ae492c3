package io.seldonmesh.modelfetcher.core;

import java.nio.file.Path;
import java.util.Optional;

import io.seldonmesh.common.spec.StorageUri;

/**
 * Resolves a Model's {@code storageUri} the way Seldon Core 2's agent does with rclone:
 * {@code <remote>://bucket/prefix} where {@code <remote>} is the {@code name} of the rclone remote in
 * the Model's secret; {@code s3://} without a secret uses the AWS default chains (IRSA on EKS); an
 * absolute path is a local directory, taken only inside the roots an operator allows. The URI itself is parsed by
 * common's {@link StorageUri}, as every service reads it.
 */
public final class StorageResolver {

    private StorageResolver() {
    }

    public static StorageLocation resolve(String model, String storageUri, Optional<ModelSecret> secret) {
        StorageUri uri;
        try {
            uri = StorageUri.parse(storageUri == null ? null : storageUri.trim());
        } catch (IllegalArgumentException e) {
            throw new FetchFailure("Model " + model + ": storageUri " + e.getMessage());
        }
        if (uri.isLocal()) {
            // Not normalised: a '..' must reach LocalStorageRoots, which refuses it, rather than vanish here.
            return new StorageLocation.Local(storageUri, Path.of(uri.path()));
        }
        String remote = uri.remote();
        S3Access access = access(model, storageUri, remote, secret);
        String prefix = uri.path().replaceAll("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new StorageLocation.S3(storageUri, uri.bucket(), prefix, access);
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
}
