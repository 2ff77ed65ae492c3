package io.seldonmesh.modelfetcher.core;

import java.util.ArrayList;
import java.util.List;

/**
 * How one object is fetched: a single streamed GET, or parallel ranged GETs for a large object, and
 * how the checksums computed while the bytes stream become the value to compare.
 *
 * @param wholeObject true when one GET without a Range header fetches everything
 */
public record TransferPlan(List<ByteRange> ranges, boolean wholeObject, Assembly assembly) {

    /** How the per-range checksums give the object's value. */
    public enum Assembly {
        /** Nothing to compute: the object is verified by its size. */
        NONE,
        /** One range, one segment: its checksum is the value. */
        WHOLE,
        /** Ranges follow part boundaries; the value is the checksum of the concatenated part checksums. */
        COMPOSITE,
        /** Each range has its own CRC; CRCs combine into the CRC of the whole ({@link CrcCombination}). */
        CRC_COMBINE,
        /**
         * A whole-object SHA or MD5 cannot be split across parallel ranges: each range is read back
         * from the file (the page cache) in order, as soon as it and the ranges before it are in.
         */
        READ_BACK
    }

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
            if (!checksummed) {
                return new TransferPlan(List.of(new ByteRange(0, size, List.of())), true, Assembly.NONE);
            }
            List<Long> segments = verification.composite() ? verification.partSizes() : List.of(size);
            return new TransferPlan(List.of(new ByteRange(0, size, segments)), true,
                    verification.composite() ? Assembly.COMPOSITE : Assembly.WHOLE);
        }
        if (checksummed && verification.composite()) {
            return new TransferPlan(partAligned(verification.partSizes(), rangeSize), false, Assembly.COMPOSITE);
        }
        boolean combinable = checksummed && CrcCombination.supports(verification.algorithm());
        List<ByteRange> ranges = new ArrayList<>();
        for (long start = 0; start < size; start += rangeSize) {
            long length = Math.min(rangeSize, size - start);
            ranges.add(new ByteRange(start, length, combinable ? List.of(length) : List.of()));
        }
        Assembly assembly = !checksummed ? Assembly.NONE : combinable ? Assembly.CRC_COMBINE : Assembly.READ_BACK;
        return new TransferPlan(ranges, false, assembly);
    }

    public List<Long> rangeLengths() {
        return ranges.stream().map(ByteRange::length).toList();
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
