package io.seldonmesh.modelfetcher.core;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a failed S3 call into a message a person can act on, and tells an outage (no answer, 5xx,
 * throttling: a {@link TransientFailure}) from a refusal. The usual refusals, each with its fix:
 * a KMS object that can be listed and HEADed but not read (the GET needs {@code kms:Decrypt} on the
 * object's key, HEAD does not); a missing S3 permission; a bucket in another region; an endpoint
 * that does not answer; rejected credentials; an SSE-C object without its key.
 */
public final class AccessDiagnosis {

    private static final Set<String> REGION_CODES = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException", "InvalidRegion");
    private static final Set<String> CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired");
    /** Answers that say "not now" rather than "no": retried with backoff. */
    private static final Set<String> PASSING_CODES = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestTimeout", "RequestLimitExceeded", "TooManyRequestsException", "InternalError", "ServiceUnavailable",
            "KMS.ThrottlingException", "KMS.LimitExceededException");
    private static final int TOO_MANY_REQUESTS = 429;

    private AccessDiagnosis() {
    }

    /**
     * @param key       the object key; empty for a listing
     * @param kmsKeyId  the KMS key the object's HEAD named, if any
     */
    public static FetchFailure of(String model, StorageLocation.S3 location, S3Operation operation, String key,
                                  Optional<String> kmsKeyId, S3ErrorResponse error) {
        S3Access access = location.access();
        String object = "s3://" + location.bucket() + "/" + (key.isEmpty() ? location.prefix() : key);
        String what = "Model " + model + ": " + operation.apiName() + " " + object + " failed";
        String answer = " (S3 answered " + error.status() + (error.code().isEmpty() ? "" : " " + error.code())
                + (error.message().isEmpty() ? "" : ": " + error.message()) + ")";

        if (error.status() >= 500 || error.status() == TOO_MANY_REQUESTS || PASSING_CODES.contains(error.code())) {
            return new TransientFailure(TransientFailure.Source.STORAGE, what + ": S3 is unavailable or throttling requests"
                    + answer);
        }
        if (REGION_CODES.contains(error.code()) || error.status() == 301 || error.bucketRegion().isPresent() && error.status() != 403) {
            String region = error.bucketRegion().map(r -> "the bucket is in region " + r + ", ").orElse("");
            return new FetchFailure(what + ": wrong region or endpoint: " + region + "requests went to "
                    + access.describeTarget() + "; set " + access.whereToSet("region", "AWS_REGION")
                    + (access.endpoint().isPresent() ? " and " + access.whereToSet("endpoint", "AWS_ENDPOINT_URL_S3") : "")
                    + answer);
        }
        if (CREDENTIAL_CODES.contains(error.code())) {
            return new FetchFailure(what + ": the credentials were rejected; check "
                    + access.whereToSet("access_key_id", "AWS_ACCESS_KEY_ID") + " and its secret key" + answer);
        }
        if (error.status() == 404 && "NoSuchBucket".equals(error.code())) {
            return new FetchFailure(what + ": bucket '" + location.bucket() + "' does not exist at "
                    + access.describeTarget() + "; check the storageUri and " + access.whereToSet("endpoint", "AWS_ENDPOINT_URL_S3") + answer);
        }
        if (error.status() == 404) {
            return new FetchFailure(what + ": the object is gone (deleted after it was listed?); retry the load" + answer);
        }
        if (error.status() == 400 && error.message().toLowerCase(Locale.ROOT).contains("customer")) {
            return new FetchFailure(what + ": the object is encrypted with a customer key (SSE-C); "
                    + access.secretName().map(secret -> "set parameters.sse_customer_key in secret '" + secret + "'")
                            .orElse("use an rclone remote secret with parameters.sse_customer_key") + answer);
        }
        if (error.status() == 403 || (error.code().startsWith("KMS.") && error.status() >= 400 && error.status() < 500)) {
            Optional<String> kmsKey = kmsKeyId.or(access::configuredKmsKeyId);
            if (operation == S3Operation.GET && kmsKey.isPresent() || error.code().startsWith("KMS.")) {
                return new FetchFailure(what + ": access denied decrypting the SSE-KMS object: the credentials need kms:Decrypt on key "
                        + kmsKey.orElse("(the object's KMS key)") + " (and " + operation.iamAction() + " on arn:aws:s3:::"
                        + location.bucket() + "/" + key + ")" + answer);
            }
            String resource = operation == S3Operation.LIST
                    ? "arn:aws:s3:::" + location.bucket() + " (prefix " + location.prefix() + ")"
                    : "arn:aws:s3:::" + location.bucket() + "/" + key;
            return new FetchFailure(what + ": access denied: the credentials need " + operation.iamAction() + " on " + resource + answer);
        }
        return new FetchFailure(what + answer);
    }

    /**
     * The endpoint did not answer at all: an outage, or a wrong host or port. Retried: an outage
     * passes, and the advice tells what to check when it does not.
     */
    public static FetchFailure unreachable(String model, StorageLocation.S3 location, String cause) {
        S3Access access = location.access();
        return new TransientFailure(TransientFailure.Source.STORAGE, "Model " + model + ": cannot reach S3 for s3://" + location.bucket() + "/" + location.prefix()
                + " at " + access.describeTarget() + ": " + cause + "; check " + access.whereToSet("endpoint", "AWS_ENDPOINT_URL_S3")
                + " and " + access.whereToSet("region", "AWS_REGION"));
    }
}
