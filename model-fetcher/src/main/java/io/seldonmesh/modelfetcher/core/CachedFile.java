package io.seldonmesh.modelfetcher.core;

/**
 * A file the fetcher downloaded and verified earlier, as recorded in the version directory's manifest.
 *
 * @param method       how it was verified
 * @param verification the {@link Verification#label()} it was checked with
 * @param sha256       the hex SHA-256 a hash manifest listed for it; null when it was not checked against one (and in
 *                     manifests written before there were hash manifests)
 */
public record CachedFile(String path, long size, String eTag, VerificationMethod method, String verification,
                         String sha256) {

    public CachedFile(String path, long size, String eTag, VerificationMethod method, String verification) {
        this(path, size, eTag, method, verification, null);
    }
}
