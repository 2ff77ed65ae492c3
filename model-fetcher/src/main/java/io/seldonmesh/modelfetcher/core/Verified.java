package io.seldonmesh.modelfetcher.core;

/**
 * How the files of a model version on disk were verified, as its status says it: the counts per method in
 * {@code verification} ({@code "manifest-sha256 (220 files), size (1 file)"}), and which file went by which method
 * in the {@code reason} of {@code Available}, bounded in length.
 *
 * @param counts  the methods used, strongest first, with their numbers of files
 * @param perFile the files per method, e.g. {@code "verified per file: manifest-sha256: a.bin, b.bin; size: c.txt"}
 */
public record Verified(String counts, String perFile) {
}
