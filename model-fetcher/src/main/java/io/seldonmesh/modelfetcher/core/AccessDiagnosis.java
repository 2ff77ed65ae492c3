package io.seldonmesh.modelfetcher.core;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed S3 call into a message a person can act on, and tells an outage (no answer, 5xx,
 * throttling: a {@link TransientFailure}) from a refusal. The usual refusals, each with its fix:
 * a KMS object that can be listed and HEADed but not read (the GET needs {@code kms:Decrypt} on the
 * object's key, HEAD does not); a {@code KMS.*} error, each code its own advice ({@link KmsErrorAdvice});
 * a missing S3 permission; a bucket in another region; an endpoint that does not answer; rejected
 * credentials; an SSE-C object without its key.
 *
 * <p>A refusal is blamed on {@code kms:Decrypt} only when the object is known to be SSE-KMS (its
 * HEAD said so) or AWS's message names KMS: the secret's {@code sse_kms_key_id} only says how rclone
 * would upload, not how a given object is stored, and blaming KMS for a missing {@code s3:GetObject}
 * sends the reader to the wrong policy.
 */
public final class AccessDiagnosis {

    private static final Set<String> REGION_CODES = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException", "InvalidRegion");
    private static final Set<String> CREDENTIAL_CODES = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired");
    /** Answers that say "not now" rather than "no": retried with backoff. */
    private static final Set<String> PASSING_CODES = Set.of("SlowDown", "Throttling", "ThrottlingException",
            "RequestTimeout", "RequestLimitExceeded", "TooManyRequestsException", "InternalError", "ServiceUnavailable");
    private static final int TOO_MANY_REQUESTS = 429;
    /** AWS names the key in a denied kms:Decrypt: "... not authorized to perform: kms:Decrypt on resource: arn:...". */
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:aws[\\w-]*:kms:[^\\s,;()]+");

    private AccessDiagnosis() {
    }

    /**
     * @param key   the object key; empty for a listing
     * @param head  what the object's HEAD said, when it was read: whether it is SSE-KMS, under which key
     */
    public static FetchFailure of(String model, StorageLocation.S3 location, S3Operation operation, String key,
                                  Optional<ObjectHead> head, S3ErrorResponse error) {
        S3Access access = location.access();
        String object = "s3://" + location.bucket() + "/" + (key.isEmpty() ? location.prefix() : key);
        String what = "Model " + model + ": " + operation.apiName() + " " + object + " failed";
        String answer = " (S3 answered " + error.status() + (error.code().isEmpty() ? "" : " " + error.code())
                + (error.message().isEmpty() ? "" : ": " + error.message()) + ")";
        String objectArn = "arn:aws:s3:::" + location.bucket() + "/" + key;
        Optional<String> kmsKey = head.map(ObjectHead::kmsKeyId).or(() -> keyNamedIn(error.message()));
        String decryptDenied = "access denied decrypting the SSE-KMS object: the credentials need kms:Decrypt on "
                + kmsKey.map(id -> "key " + id).orElse("the object's KMS key" + configuredKeyHint(access))
                + ", allowed by both their IAM policy and the key's key policy (and " + operation.iamAction() + " on "
                + objectArn + ")";

        if (KmsErrorAdvice.isKmsError(error.code())) {
            KmsErrorAdvice.Advice advice = KmsErrorAdvice.of(error, kmsKey, decryptDenied);
            return advice.passing() ? new TransientFailure(TransientFailure.Source.STORAGE, what + ": " + advice.text() + answer)
                    : new FetchFailure(what + ": " + advice.text() + answer);
        }
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
        if (error.status() == 403) {
            boolean kmsObject = head.map(ObjectHead::kmsEncrypted).orElse(false);
            if (operation == S3Operation.GET && kmsObject || namesKms(error.message())) {
                return new FetchFailure(what + ": " + decryptDenied + answer);
            }
            String resource = operation == S3Operation.LIST
                    ? "arn:aws:s3:::" + location.bucket() + " (prefix " + location.prefix() + ")"
                    : objectArn;
            return new FetchFailure(what + ": access denied: the credentials need " + operation.iamAction() + " on " + resource + answer);
        }
        return new FetchFailure(what + answer);
    }

    private static boolean namesKms(String message) {
        return message.toLowerCase(Locale.ROOT).contains("kms");
    }

    private static Optional<String> keyNamedIn(String message) {
        Matcher arn = KMS_KEY_ARN.matcher(message);
        return arn.find() ? Optional.of(arn.group()) : Optional.empty();
    }

    /** The secret's key only hints: an object may have been written under another (bucket default, older upload). */
    private static String configuredKeyHint(S3Access access) {
        return access.configuredKmsKeyId().map(id -> " (the secret's sse_kms_key_id is " + id
                + "; the object may be under another key)").orElse("");
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
