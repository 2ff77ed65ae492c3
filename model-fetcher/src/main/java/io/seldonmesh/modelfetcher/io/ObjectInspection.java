package io.seldonmesh.modelfetcher.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.seldonmesh.modelfetcher.core.ObjectHead;
import io.seldonmesh.modelfetcher.core.S3Operation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.ObjectPart;

/**
 * Reads an object's own metadata, from a HEAD or from the headers of a whole-object GET (S3 only
 * returns additional checksums when the request carries {@code x-amz-checksum-mode: ENABLED}). For a
 * composite checksum the part sizes come from GetObjectAttributes, page by page. A HEAD with
 * {@code partNumber} gives part sizes on AWS, but S3-compatible servers (S3Mock among them) ignore
 * the parameter and describe the whole object.
 */
final class ObjectInspection {

    static final String CHECKSUM_MODE_HEADER = "x-amz-checksum-mode";

    private static final Logger LOG = Logger.getLogger(ObjectInspection.class);
    private static final int PARTS_PER_PAGE = 1000;

    private ObjectInspection() {
    }

    static ObjectHead head(ModelTransfer transfer, String key) {
        HeadObjectRequest.Builder request = HeadObjectRequest.builder().bucket(transfer.location().bucket()).key(key)
                .overrideConfiguration(override -> override.putHeader(CHECKSUM_MODE_HEADER, "ENABLED"));
        transfer.location().access().customerKey().ifPresent(customer -> request.sseCustomerAlgorithm(customer.algorithm())
                .sseCustomerKey(customer.keyBase64()).sseCustomerKeyMD5(customer.keyMd5Base64()));
        try {
            return fromResponse(transfer, key, transfer.s3().headObject(request.build()).sdkHttpResponse());
        } catch (SdkException e) {
            throw S3ErrorTranslation.translate(e, transfer.model(), transfer.location(), S3Operation.HEAD, key, Optional.empty());
        }
    }

    /** The object's HEAD, to explain a refused GET (is it SSE-KMS, under which key); empty when the HEAD fails too. */
    static Optional<ObjectHead> headIfReadable(ModelTransfer transfer, String key) {
        try {
            return Optional.of(head(transfer, key));
        } catch (RuntimeException headFailedToo) {
            return Optional.empty();
        }
    }

    static ObjectHead fromResponse(ModelTransfer transfer, String key, SdkHttpResponse response) {
        ObjectHead head = ObjectHead.fromHeaders(key, response.headers());
        if (head.checksum().isPresent() && head.checksum().get().composite()) {
            return head.withPartSizes(partSizes(transfer, key));
        }
        return head;
    }

    /** Empty when the server does not say; the policy then explains why the composite was not used. */
    private static List<Long> partSizes(ModelTransfer transfer, String key) {
        List<Long> sizes = new ArrayList<>();
        Integer marker = null;
        try {
            while (true) {
                Integer from = marker;
                GetObjectAttributesResponse page = transfer.s3().getObjectAttributes(request -> {
                    request.bucket(transfer.location().bucket()).key(key).maxParts(PARTS_PER_PAGE)
                            .objectAttributes(ObjectAttributes.OBJECT_PARTS);
                    if (from != null) {
                        request.partNumberMarker(from);
                    }
                    transfer.location().access().customerKey().ifPresent(customer -> request
                            .sseCustomerAlgorithm(customer.algorithm()).sseCustomerKey(customer.keyBase64())
                            .sseCustomerKeyMD5(customer.keyMd5Base64()));
                });
                if (page.objectParts() == null || !page.objectParts().hasParts()) {
                    return List.of();
                }
                page.objectParts().parts().stream().map(ObjectPart::size).forEach(sizes::add);
                if (!Boolean.TRUE.equals(page.objectParts().isTruncated())) {
                    return sizes;
                }
                marker = page.objectParts().nextPartNumberMarker();
            }
        } catch (SdkException e) {
            LOG.warnf("model %s: no part sizes for s3://%s/%s, its composite checksum cannot be checked: %s",
                    transfer.model(), transfer.location().bucket(), key, S3ErrorTranslation.translate(e, transfer.model(),
                            transfer.location(), S3Operation.ATTRIBUTES, key, Optional.empty()).getMessage());
            return List.of();
        }
    }
}
