package io.seldonmesh.modelfetcher.core;

import java.util.Locale;
import java.util.Optional;

/**
 * What a {@code KMS.*} error code in an S3 answer means and what to do about it. S3 asks KMS to
 * decrypt an SSE-KMS object's data key on every GET and passes KMS's refusal on under KMS's own
 * exception name; only a denied {@code kms:Decrypt} is fixed by IAM or the key policy, the others
 * concern the key itself (disabled, deleted, pending deletion), the stored object, or KMS's
 * request rate. The table of codes is in DESIGN.md, "KMS errors".
 */
final class KmsErrorAdvice {

    static final String PREFIX = "KMS.";
    private static final String NOT_IAM = "; no IAM or key-policy change helps";

    /** @param passing whether waiting helps: the load is retried with backoff */
    record Advice(String text, boolean passing) {
        static Advice refusal(String text) {
            return new Advice(text, false);
        }
    }

    private KmsErrorAdvice() {
    }

    static boolean isKmsError(String code) {
        return code.startsWith(PREFIX);
    }

    /**
     * @param kmsKey         the object's KMS key, when known
     * @param decryptDenied  the advice for a denied {@code kms:Decrypt}, the one case IAM fixes
     */
    static Advice of(S3ErrorResponse error, Optional<String> kmsKey, String decryptDenied) {
        String key = kmsKey.map(id -> "KMS key " + id).orElse("the object's KMS key");
        String keyId = kmsKey.orElse("<key-id>");
        String message = error.message().toLowerCase(Locale.ROOT);
        return switch (error.code().substring(PREFIX.length())) {
            case "AccessDeniedException" -> Advice.refusal(decryptDenied);
            case "DisabledException" -> Advice.refusal(key + " is disabled, so S3 cannot decrypt the object; enable it"
                    + " (aws kms enable-key --key-id " + keyId + ") or, if it was disabled on purpose, re-encrypt the"
                    + " model's objects under an enabled key" + NOT_IAM);
            case "NotFoundException" -> Advice.refusal(key + " does not exist: it was deleted (a deleted key cannot be"
                    + " restored, and nothing encrypted under it can be decrypted) or the object names a key in another"
                    + " account or region; upload the model again under a key that exists" + NOT_IAM);
            case "KMSInvalidStateException" -> Advice.refusal(invalidState(key, keyId, message));
            case "InvalidCiphertextException", "IncorrectKeyException" -> Advice.refusal("KMS could not decrypt the"
                    + " object's data key with " + key + ": the data key or encryption context stored with the object"
                    + " does not belong to that key (damaged object metadata, or an object copied in from elsewhere);"
                    + " upload the object again" + NOT_IAM);
            case "InvalidKeyUsageException" -> Advice.refusal(key + " cannot decrypt: it is not a symmetric key for"
                    + " ENCRYPT_DECRYPT; upload the model again under a symmetric encryption key" + NOT_IAM);
            case "ThrottlingException", "LimitExceededException", "RequestLimitExceeded" -> new Advice("KMS is throttling"
                    + " Decrypt requests on " + key + " (each GET of an SSE-KMS object is one, counted against the"
                    + " account's KMS request quota in the region); retried with backoff; if it lasts, enable an S3"
                    + " Bucket Key on the bucket, lower DOWNLOAD_CONNECTIONS, or request a KMS quota increase", true);
            case "KMSInternalException", "DependencyTimeoutException", "KeyUnavailableException" -> new Advice("KMS could"
                    + " not serve the Decrypt request on " + key + " just now (" + error.code() + "); retried with"
                    + " backoff" + NOT_IAM, true);
            default -> Advice.refusal("KMS refused to decrypt the object's data key with " + key + ": " + error.code()
                    + " is a KMS error, not an S3 one; see the AWS KMS Decrypt API's errors for this code");
        };
    }

    private static String invalidState(String key, String keyId, String message) {
        if (message.contains("pending deletion")) {
            return key + " is scheduled for deletion (PendingDeletion) and decrypts nothing; cancel the deletion"
                    + " (aws kms cancel-key-deletion --key-id " + keyId + ") and enable the key again (aws kms enable-key"
                    + " --key-id " + keyId + ": a cancelled deletion leaves it disabled), or upload the model again under"
                    + " another key before the deletion date" + NOT_IAM;
        }
        if (message.contains("pending import")) {
            return key + " has no key material (PendingImport: never imported, or the imported material expired or"
                    + " was deleted); import the same key material again" + NOT_IAM;
        }
        return key + " is in a state that does not allow Decrypt; it must be Enabled (aws kms describe-key --key-id "
                + keyId + " shows its KeyState)" + NOT_IAM;
    }
}
