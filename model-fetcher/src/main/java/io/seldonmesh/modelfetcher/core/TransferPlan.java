package io.seldonmesh.modelfetcher.core;

import java.util.ArrayList;
import java.util.List;

/**
 * How one object is fetched: a single streamed GET, or parallel ranged GETs for a large object, and
 * where its checksum is computed. A checksum over the whole content cannot be split across parallel
 * ranges (SHA-256 and MD5 are sequential), so a large object with one is checksummed by reading the
 * finished file once, from the page cache. A composite checksum is per part, so ranges follow part
 * boundaries and each range checksums its own parts while it streams.
 *
 * @param wholeObject          true when one GET without a Range header fetches everything
 * @param checksumAfterwards   true when the file is read back once to compute a whole-object checksum
 */
public record TransferPlan(List<ByteRange> ranges, boolean wholeObject, boolean checksumAfterwards) {

    public TransferPlan {
        ranges = List.copyOf(ranges);
    }

    /**
     * @param splitAbove objects of at least this many bytes are fetched in ranges
     * @param rangeSize  the target length of one range
     */
    public static TransferPlan of(long size, Verification verification, long splitAbove, long rangeSize) {
        boolean checksummed = verification.method() != VerificationMethod.SIZE;
        if (size < splitAbove || size <= rangeSize) {
            List<Long> segments = !checksummed ? List.of() : verification.composite() ? verification.partSizes() : List.of(size);
            return new TransferPlan(List.of(new ByteRange(0, size, segments)), true, false);
        }
        if (verification.composite()) {
            return new TransferPlan(partAligned(verification.partSizes(), rangeSize), false, false);
        }
        List<ByteRange> ranges = new ArrayList<>();
        for (long start = 0; start < size; start += rangeSize) {
            ranges.add(new ByteRange(start, Math.min(rangeSize, size - start), List.of()));
        }
        return new TransferPlan(ranges, false, checksummed);
    }

    private static List<ByteRange> partAligned(List<Long> parts, long rangeSize) {
        List<ByteRange> ranges = new ArrayList<>();
        long start = 0;
        List<Long> group = new ArrayList<>();
        long groupLength = 0;
        for (long part : parts) {
            if (!group.isEmpty() && groupLength + part > rangeSize) {
                ranges.add(new ByteRange(start, groupLength, group));
                start += groupLength;
                group = new ArrayList<>();
                groupLength = 0;
            }
            group.add(part);
            groupLength += part;
        }
        if (!group.isEmpty()) {
            ranges.add(new ByteRange(start, groupLength, group));
        }
        return ranges;
    }
}
