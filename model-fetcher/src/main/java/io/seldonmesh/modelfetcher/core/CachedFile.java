package io.seldonmesh.modelfetcher.core;

/**
 * A file the fetcher downloaded and verified earlier, as recorded in the version directory's manifest.
 *
 * @param method       how it was verified
 * @param verification the {@link Verification#label()} it was checked with
 */
public record CachedFile(String path, long size, String eTag, VerificationMethod method, String verification) {
}
