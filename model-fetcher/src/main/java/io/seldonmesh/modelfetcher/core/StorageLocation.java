package io.seldonmesh.modelfetcher.core;

import java.nio.file.Path;

/** Where a model's artifact lives, resolved from its {@code storageUri} and secret. */
public sealed interface StorageLocation {

    String storageUri();

    /**
     * Objects under {@code prefix} in {@code bucket}. The prefix ends with '/' unless empty, so that
     * {@code models/iris} does not also pick up {@code models/iris2/}.
     */
    record S3(String storageUri, String bucket, String prefix, S3Access access) implements StorageLocation {
    }

    /** A local directory given as an absolute path, as written (LocalStorageRoots decides whether it may be read). */
    record Local(String storageUri, Path directory) implements StorageLocation {
    }
}
