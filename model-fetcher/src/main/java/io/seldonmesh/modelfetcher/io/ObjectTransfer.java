package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.jboss.logging.Logger;

import io.seldonmesh.modelfetcher.core.ByteRange;
import io.seldonmesh.modelfetcher.core.CachedFile;
import io.seldonmesh.modelfetcher.core.CrcCombination;
import io.seldonmesh.modelfetcher.core.IntegrityFailure;
import io.seldonmesh.modelfetcher.core.ObjectHead;
import io.seldonmesh.modelfetcher.core.RemoteObject;
import io.seldonmesh.modelfetcher.core.RunningChecksum;
import io.seldonmesh.modelfetcher.core.S3Operation;
import io.seldonmesh.modelfetcher.core.SegmentedChecksum;
import io.seldonmesh.modelfetcher.core.TransferPlan;
import io.seldonmesh.modelfetcher.core.TransientFailure;
import io.seldonmesh.modelfetcher.core.Verification;
import io.seldonmesh.modelfetcher.core.VerificationMethod;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Fetches one object into the staging area and verifies it.
 * <ul>
 *   <li>Below the split size: one GET whose response headers are read before its body, so the
 *       verification is decided without a separate HEAD and the checksum runs as the bytes stream.</li>
 *   <li>Above it: a HEAD, then parallel ranged GETs written at their offsets into a file of the
 *       final size; each carries {@code If-Match} with the HEAD's ETag, so an object replaced
 *       mid-download is noticed (412) rather than stitched together from two versions.</li>
 * </ul>
 * A checksum that does not match deletes the file and starts over, up to the configured attempts,
 * then fails naming both values; the same wrong digest twice stops at once, since the stored bytes
 * are then what is wrong and a third download of a possibly large object cannot change them. A
 * body that ends short after the same number of bytes on every attempt is likewise blamed on the
 * stored object (or a size limit on the path), not on a flaky network, and not retried later.
 */
final class ObjectTransfer {

    private static final Logger LOG = Logger.getLogger(ObjectTransfer.class);
    private static final int PRECONDITION_FAILED = 412;
    private static final int FORBIDDEN = 403;
    private static final String CORRUPT_IN_THE_BUCKET = "; the object is corrupt in the bucket or was changed behind its"
            + " checksum: upload it again";

    private final ModelTransfer transfer;
    private final RemoteObject object;
    private final ThreadLocal<byte[]> buffers;

    ObjectTransfer(ModelTransfer transfer, RemoteObject object, ThreadLocal<byte[]> buffers) {
        this.transfer = transfer;
        this.object = object;
        this.buffers = buffers;
    }

    /** Completes with the manifest entry of the verified file. */
    CompletableFuture<CachedFile> start() {
        return attempt(FailedAttempts.NONE);
    }

    private CompletableFuture<CachedFile> attempt(FailedAttempts failedBefore) {
        CompletableFuture<CachedFile> fetched = object.size() < transfer.settings().splitAbove()
                ? CompletableFuture.supplyAsync(this::fetchWhole, transfer.executor())
                : CompletableFuture.supplyAsync(this::inspect, transfer.executor()).thenCompose(this::fetchRanges);
        return fetched.handle((file, error) -> {
            Throwable cause = unwrap(error);
            if (cause == null) {
                return CompletableFuture.completedFuture(file);
            }
            if (cause instanceof RetryableObjectFailure retryable) {
                FailedAttempts failed = failedBefore.plus(retryable.repeated.map(Repeated::evidence));
                boolean identical = failed.allIdentical();
                boolean hopeless = identical && retryable.repeated.isPresent() && retryable.repeated.get().stopsAtOnce();
                if (failed.count() < transfer.settings().attempts() && !hopeless && !transfer.stopped().get()) {
                    LOG.warnf("model %s: %s; attempt %d of %d", transfer.model(), retryable.getMessage(), failed.count() + 1,
                            transfer.settings().attempts());
                    return attempt(failed);
                }
                String message = "Model " + transfer.model() + ": " + retryable.getMessage() + " (" + failed.count()
                        + " attempts" + (identical ? retryable.repeated.get().note() : "") + ")"
                        + (identical ? retryable.repeated.get().advice() : retryable.advice);
                return CompletableFuture.<CachedFile>failedFuture(retryable.passing && !identical
                        ? new TransientFailure(TransientFailure.Source.STORAGE, message) : new IntegrityFailure(message));
            }
            return CompletableFuture.<CachedFile>failedFuture(cause);
        }).thenCompose(next -> next);
    }

    private CachedFile fetchWhole() {
        transfer.checkNotStopped();
        Path file = transfer.staging().newInflightFile();
        GetObjectRequest.Builder request = getRequest()
                .overrideConfiguration(override -> override.putHeader(ObjectInspection.CHECKSUM_MODE_HEADER, "ENABLED"));
        try (ResponseInputStream<GetObjectResponse> body = open(request, Optional.empty())) {
            ObjectHead head = ObjectInspection.fromResponse(transfer, object.key(), body.response().sdkHttpResponse());
            Verification verification = transfer.verification(head, object.path());
            TransferPlan plan = TransferPlan.of(head.size(), verification, Long.MAX_VALUE, Long.MAX_VALUE);
            Inspected inspected = new Inspected(head, verification, plan, file);
            List<byte[]> checksums = copy(body, inspected, plan.ranges().get(0));
            return finish(inspected, checksums, null);
        } catch (IOException closing) {
            throw new UncheckedIOException(closing);
        } catch (BrokenTransfer broken) {
            deleteQuietly(file);
            transfer.progress().discarded(broken.received);
            throw new RetryableObjectFailure("s3://" + transfer.location().bucket() + "/" + object.key() + " broke off after "
                    + broken.received + " bytes: " + broken.getMessage(),
                    "; check the network path to " + transfer.location().access().describeTarget(), true,
                    broken.shortRead().map(this::sameShortRead));
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
    }

    private Inspected inspect() {
        transfer.checkNotStopped();
        ObjectHead head = ObjectInspection.head(transfer, object.key());
        Verification verification = transfer.verification(head, object.path());
        TransferPlan plan = TransferPlan.of(head.size(), verification, transfer.settings().splitAbove(),
                transfer.settings().rangeSize());
        Path file = transfer.staging().newInflightFile();
        try (RandomAccessFile preallocated = new RandomAccessFile(file.toFile(), "rw")) {
            preallocated.setLength(head.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
        return new Inspected(head, verification, plan, file);
    }

    private CompletableFuture<CachedFile> fetchRanges(Inspected inspected) {
        List<CompletableFuture<List<byte[]>>> ranges = new ArrayList<>();
        for (ByteRange range : inspected.plan().ranges()) {
            ranges.add(CompletableFuture.supplyAsync(() -> fetchRange(inspected, range), transfer.executor()));
        }
        CompletableFuture<byte[]> readBack = inspected.plan().assembly() == TransferPlan.Assembly.READ_BACK
                ? readBackInOrder(inspected, ranges) : CompletableFuture.completedFuture(null);
        List<CompletableFuture<?>> all = new ArrayList<>(ranges);
        all.add(readBack);
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .handleAsync((done, error) -> {
                    if (error != null) {
                        deleteQuietly(inspected.file());
                        throw error instanceof CompletionException completion ? completion : new CompletionException(error);
                    }
                    return finish(inspected, ranges.stream().flatMap(range -> range.join().stream()).toList(), readBack.join());
                }, transfer.executor());
    }

    /**
     * A whole-object SHA or MD5 must see the bytes in order, but the ranges arrive in parallel: each
     * range is read back from the file (the page cache) as soon as it and every range before it
     * are in, so the checksum runs while later ranges are still downloading.
     */
    private CompletableFuture<byte[]> readBackInOrder(Inspected inspected, List<CompletableFuture<List<byte[]>>> ranges) {
        RunningChecksum checksum = inspected.verification().algorithm().start();
        CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
        List<ByteRange> plan = inspected.plan().ranges();
        for (int i = 0; i < plan.size(); i++) {
            ByteRange range = plan.get(i);
            previous = ranges.get(i).thenCombineAsync(previous, (segments, done) -> {
                readInto(checksum, inspected.file(), range);
                return null;
            }, transfer.executor());
        }
        return previous.thenApply(done -> checksum.finish());
    }

    /** One range, again when the connection breaks; returns the checksums of its segments. */
    private List<byte[]> fetchRange(Inspected inspected, ByteRange range) {
        int attempts = transfer.settings().attempts();
        FailedAttempts failed = FailedAttempts.NONE;
        for (int attempt = 1; ; attempt++) {
            transfer.checkNotStopped();
            GetObjectRequest.Builder request = getRequest().ifMatch("\"" + inspected.head().eTag() + "\"");
            if (!inspected.plan().wholeObject()) {
                request.range(range.httpRange());
            }
            try (ResponseInputStream<GetObjectResponse> body = open(request, Optional.of(inspected.head()))) {
                return copy(body, inspected, range);
            } catch (IOException closing) {
                throw new UncheckedIOException(closing);
            } catch (BrokenTransfer broken) {
                transfer.progress().discarded(broken.received);
                failed = failed.plus(broken.shortRead());
                if (attempt >= attempts && failed.allIdentical()) {
                    Repeated repeated = sameShortRead(failed.sameEvidence().get());
                    throw new IntegrityFailure("Model " + transfer.model() + ": s3://" + transfer.location().bucket() + "/"
                            + object.key() + " " + range.httpRange() + " broke off " + attempts + " times" + repeated.note()
                            + ": " + broken.getMessage() + repeated.advice(), broken.getCause());
                }
                if (attempt >= attempts) {
                    throw new TransientFailure(TransientFailure.Source.STORAGE, "Model " + transfer.model() + ": s3://"
                            + transfer.location().bucket() + "/" + object.key() + " " + range.httpRange() + " broke off "
                            + attempts + " times, the last after "
                            + broken.received + " of " + range.length() + " bytes: " + broken.getMessage()
                            + "; check the network path to " + transfer.location().access().describeTarget(), broken.getCause());
                }
                LOG.warnf("model %s: %s %s broke off after %d bytes (%s); retrying", transfer.model(), object.key(),
                        range.httpRange(), broken.received, broken.getMessage());
            }
        }
    }

    private GetObjectRequest.Builder getRequest() {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(transfer.location().bucket()).key(object.key());
        transfer.location().access().customerKey().ifPresent(customer -> request.sseCustomerAlgorithm(customer.algorithm())
                .sseCustomerKey(customer.keyBase64()).sseCustomerKeyMD5(customer.keyMd5Base64()));
        return request;
    }

    /**
     * Sends a GET and returns its body. A 403 or a KMS error is explained with the object's HEAD, sent
     * now when not done yet: a KMS object can be HEADed without {@code kms:Decrypt} but not read, and
     * only its HEAD tells a KMS object (and its key) from one the credentials may simply not read.
     */
    private ResponseInputStream<GetObjectResponse> open(GetObjectRequest.Builder request, Optional<ObjectHead> head) {
        try {
            return transfer.s3().getObject(request.build());
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED) {
                throw new RetryableObjectFailure("s3://" + transfer.location().bucket() + "/" + object.key()
                        + " changed while it was downloaded", "; stop writing to the model's prefix while it loads", true,
                        Optional.empty());
            }
            boolean explainedByTheHead = e.statusCode() == FORBIDDEN || e.awsErrorDetails() != null
                    && String.valueOf(e.awsErrorDetails().errorCode()).startsWith("KMS.");
            Optional<ObjectHead> known = head.isEmpty() && explainedByTheHead
                    ? ObjectInspection.headIfReadable(transfer, object.key()) : head;
            throw S3ErrorTranslation.translate(e, transfer.model(), transfer.location(), S3Operation.GET, object.key(), known);
        } catch (SdkClientException e) {
            if (e.getCause() instanceof IOException) {
                throw new BrokenTransfer(0, -1, e);
            }
            throw S3ErrorTranslation.translate(e, transfer.model(), transfer.location(), S3Operation.GET, object.key(), head);
        } catch (SdkException e) {
            throw S3ErrorTranslation.translate(e, transfer.model(), transfer.location(), S3Operation.GET, object.key(), head);
        }
    }

    /** Streams a response body to its offset in the file, checksumming the range's segments on the way. */
    private List<byte[]> copy(ResponseInputStream<GetObjectResponse> body, Inspected inspected, ByteRange range) {
        SegmentedChecksum checksum = range.checksumSegments().isEmpty() ? null
                : new SegmentedChecksum(inspected.verification().algorithm(), range.checksumSegments());
        long received = 0;
        try (FileChannel channel = FileChannel.open(inspected.file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            byte[] buffer = buffers.get();
            long position = range.start();
            int read;
            while ((read = body.read(buffer)) > 0) {
                if (received + read > range.length()) {
                    body.abort();
                    throw new BrokenTransfer(received, range.length(), new IOException("the server sent more than the "
                            + range.length() + " bytes expected"));
                }
                if (checksum != null) {
                    checksum.update(ByteBuffer.wrap(buffer, 0, read));
                }
                ByteBuffer data = ByteBuffer.wrap(buffer, 0, read);
                while (data.hasRemaining()) {
                    position += channel.write(data, position);
                }
                received += read;
                transfer.progress().received(read);
                if (transfer.stopped().get()) {
                    body.abort();
                    throw new ModelTransfer.StoppedException();
                }
            }
        } catch (IOException | SdkClientException e) {
            throw new BrokenTransfer(received, range.length(), e);
        }
        if (received != range.length()) {
            throw new BrokenTransfer(received, range.length(), new IOException("the body ended after " + received + " of "
                    + range.length() + " bytes"));
        }
        return checksum == null ? List.of() : checksum.finish();
    }

    /** @param readBack the whole-object checksum read back from the file, for {@code READ_BACK} plans */
    private CachedFile finish(Inspected inspected, List<byte[]> segmentChecksums, byte[] readBack) {
        Verification verification = inspected.verification();
        TransferPlan plan = inspected.plan();
        byte[] actual = switch (plan.assembly()) {
            case NONE -> null;
            case WHOLE, COMPOSITE -> verification.valueOf(segmentChecksums);
            case CRC_COMBINE -> CrcCombination.combine(verification.algorithm(), segmentChecksums, plan.rangeLengths());
            case READ_BACK -> readBack;
        };
        if (actual != null && !Arrays.equals(actual, verification.expected())) {
            deleteQuietly(inspected.file());
            transfer.progress().discarded(inspected.head().size());
            transfer.metrics().verificationMismatch(transfer.model());
            String digest = verification.render(actual);
            throw new RetryableObjectFailure("s3://" + transfer.location().bucket() + "/" + object.key()
                    + " failed verification: " + verification.label() + " expected " + verification.expectedText()
                    + " (" + verification.source() + "), downloaded bytes give " + digest,
                    CORRUPT_IN_THE_BUCKET, false, Optional.of(new Repeated(digest, ", the same wrong digest each time: the"
                            + " stored object is not what its checksum says, and fetching it again cannot help",
                            CORRUPT_IN_THE_BUCKET, true)));
        }
        CachedFile file = new CachedFile(object.path(), inspected.head().size(), inspected.head().eTag(),
                verification.method(), verification.label(), verification.method() == VerificationMethod.MANIFEST_SHA256
                        ? HexFormat.of().formatHex(verification.expected()) : null);
        transfer.staging().accept(inspected.file(), file);
        transfer.progress().fileDone();
        transfer.metrics().fileDownloaded(transfer.model(), verification.label());
        if (verification.method() == VerificationMethod.SIZE) {
            transfer.progress().verifiedBySizeOnly(verification.reason());
        }
        LOG.debugf("model %s: %s verified: %s", transfer.model(), object.path(), verification.reason());
        return file;
    }

    private void readInto(RunningChecksum checksum, Path file, ByteRange range) {
        ByteBuffer buffer = ByteBuffer.wrap(buffers.get());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = range.start();
            long end = range.start() + range.length();
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                int read = channel.read(buffer, position);
                if (read < 0) {
                    throw new IOException("the file ends at " + position + ", before " + end);
                }
                position += read;
                buffer.flip();
                checksum.update(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + file, e);
        }
    }

    /** A body that ended short: the same cut on every attempt is the stored object's, or a limit on the path. */
    private Repeated sameShortRead(String shortRead) {
        return new Repeated(shortRead, ", each ending after the same " + shortRead, "; a cut that repeats exactly is not a"
                + " flaky network: the stored object is likely broken (shorter than the Content-Length S3 sends for it, or"
                + " damaged): upload it again; if it is intact, something on the path to "
                + transfer.location().access().describeTarget() + " cuts responses at this size", false);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The in-flight directory is emptied at the next start anyway.
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private record Inspected(ObjectHead head, Verification verification, TransferPlan plan, Path file) {
    }

    /**
     * What to say when every attempt failed identically: the same evidence each time means the cause
     * is fixed (the stored object, most often), not something that passes.
     *
     * @param evidence    what an attempt saw (the wrong digest, the bytes received), compared by {@link FailedAttempts}
     * @param stopsAtOnce whether two identical failures are enough to give up
     */
    private record Repeated(String evidence, String note, String advice, boolean stopsAtOnce) {
    }

    /**
     * The object must be fetched again from the start: its checksum did not match, it changed, or the
     * stream broke. Once the attempts are spent, a changed object or a broken stream may still pass
     * (the load is retried later); a checksum that keeps failing will not.
     */
    private static final class RetryableObjectFailure extends RuntimeException {
        private final String advice;
        private final boolean passing;
        /** What to say instead when every attempt failed with the same evidence; empty when that means nothing. */
        private final Optional<Repeated> repeated;

        RetryableObjectFailure(String message, String advice, boolean passing, Optional<Repeated> repeated) {
            super(message, null, false, false);
            this.advice = advice;
            this.passing = passing;
            this.repeated = repeated;
        }
    }

    /** The connection broke mid-body. */
    private static final class BrokenTransfer extends RuntimeException {
        private final long received;
        /** The bytes the body should have had; -1 when no body was read. */
        private final long expected;

        BrokenTransfer(long received, long expected, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.received = received;
            this.expected = expected;
        }

        /**
         * How far the body got, to compare across attempts; empty when nothing arrived (a refused or
         * reset connection is the same every time for reasons that have nothing to do with the object).
         */
        Optional<String> shortRead() {
            return received > 0 && expected > 0 ? Optional.of(received + " of " + expected + " bytes") : Optional.empty();
        }
    }
}
