package io.seldonmesh.modelfetcher.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One checksum per consecutive segment of a stream: the per-part checksums a composite S3 checksum is
 * built from, or a single segment for a whole-object checksum. Bytes arrive in arbitrary chunks;
 * a chunk that straddles a part boundary is split.
 */
public final class SegmentedChecksum {

    private final ChecksumAlgorithm algorithm;
    private final List<Long> segments;
    private final List<byte[]> finished = new ArrayList<>();
    private RunningChecksum current;
    private long leftInSegment;

    public SegmentedChecksum(ChecksumAlgorithm algorithm, List<Long> segments) {
        this.algorithm = algorithm;
        this.segments = List.copyOf(segments);
        advance();
    }

    public void update(ByteBuffer data) {
        while (data.hasRemaining()) {
            if (current == null) {
                throw new IllegalStateException("received more bytes than the " + segments.size() + " segments hold");
            }
            int take = (int) Math.min(leftInSegment, data.remaining());
            ByteBuffer slice = data.slice();
            slice.limit(take);
            current.update(slice);
            data.position(data.position() + take);
            leftInSegment -= take;
            if (leftInSegment == 0) {
                finished.add(current.finish());
                advance();
            }
        }
    }

    /** The checksum of each segment; fails when the stream ended inside a segment. */
    public List<byte[]> finish() {
        if (current != null) {
            throw new IllegalStateException("stream ended with " + leftInSegment + " bytes of segment "
                    + (finished.size() + 1) + " of " + segments.size() + " missing");
        }
        return List.copyOf(finished);
    }

    private void advance() {
        current = null;
        while (finished.size() < segments.size()) {
            long length = segments.get(finished.size());
            if (length > 0) {
                current = algorithm.start();
                leftInSegment = length;
                return;
            }
            // An empty segment (an empty object) still has a checksum: that of no bytes.
            finished.add(algorithm.start().finish());
        }
    }
}
