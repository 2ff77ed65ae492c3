package io.seldonmesh.modelfetcher.core;

import java.util.List;

/**
 * A part of an object fetched with one GET and written at {@code start} of the local file.
 *
 * @param checksumSegments lengths of the consecutive segments checksummed while the range streams in
 *                         (they add up to {@code length}); empty when nothing is checksummed inline
 */
public record ByteRange(long start, long length, List<Long> checksumSegments) {

    public ByteRange {
        checksumSegments = List.copyOf(checksumSegments);
    }

    public long endInclusive() {
        return start + length - 1;
    }

    /** The HTTP Range header value. */
    public String httpRange() {
        return "bytes=" + start + "-" + endInclusive();
    }
}
