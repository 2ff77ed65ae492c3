package io.seldonmesh.modelfetcher.core;

import java.util.Optional;

/**
 * What S3 answered to a failed call.
 *
 * @param code         the S3 error code ({@code AccessDenied}, {@code PermanentRedirect}, ...), may be empty
 * @param bucketRegion the {@code x-amz-bucket-region} header S3 adds when the bucket is elsewhere
 */
public record S3ErrorResponse(int status, String code, String message, Optional<String> bucketRegion) {
}
