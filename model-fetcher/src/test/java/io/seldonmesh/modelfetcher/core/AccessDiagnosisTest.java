package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AccessDiagnosisTest {

    private static final StorageLocation.S3 SEED = (StorageLocation.S3) StorageResolver.resolve("iris",
            "s3-kms://your-bucket/path/to/model", Optional.of(new ModelSecret("s3-kms-models",
                    Map.of("s3-kms", StorageResolverTest.SEED_YAML))));
    private static final StorageLocation.S3 DEFAULT_CHAIN = (StorageLocation.S3) StorageResolver.resolve("iris",
            "s3://models/iris", Optional.empty());
    private static final String KEY = "path/to/model/model.onnx";
    private static final String KMS_KEY = "arn:aws:kms:eu-west-1:1:key/abc";
    private static final Optional<ObjectHead> KMS_HEAD = Optional.of(ObjectHead.fromHeaders(KEY, Map.of(
            "Content-Length", List.of("10"), "x-amz-server-side-encryption", List.of("aws:kms"),
            "x-amz-server-side-encryption-aws-kms-key-id", List.of(KMS_KEY))));
    private static final Optional<ObjectHead> PLAIN_HEAD = Optional.of(ObjectHead.fromHeaders(KEY, Map.of(
            "Content-Length", List.of("10"))));
    private static final String GET_FAILED = "Model iris: GetObject s3://your-bucket/path/to/model/model.onnx failed: ";
    private static final String NOT_IAM = "; no IAM or key-policy change helps";

    @Test
    void deniedGetOfAKmsObjectNamesKmsDecryptOnTheObjectsKey() {
        FetchFailure failure = AccessDiagnosis.of("iris", SEED, S3Operation.GET, KEY, KMS_HEAD,
                new S3ErrorResponse(403, "AccessDenied", "Access Denied", Optional.empty()));

        assertThat(failure).hasMessage(GET_FAILED + "access denied decrypting the SSE-KMS object: the credentials need "
                + "kms:Decrypt on key arn:aws:kms:eu-west-1:1:key/abc, allowed by both their IAM policy and the key's key policy "
                + "(and s3:GetObject on arn:aws:s3:::your-bucket/path/to/model/model.onnx) (S3 answered 403 AccessDenied: Access Denied)");
    }

    @Test
    void deniedGetWhoseMessageNamesKmsDecryptIsAboutTheKeyNamedThere() {
        FetchFailure failure = AccessDiagnosis.of("iris", SEED, S3Operation.GET, KEY, Optional.empty(),
                new S3ErrorResponse(403, "AccessDenied", "User: arn:aws:iam::1:user/fetcher is not authorized to perform: "
                        + "kms:Decrypt on resource: arn:aws:kms:eu-west-1:1:key/def because no identity-based policy allows "
                        + "the kms:Decrypt action", Optional.empty()));

        assertThat(failure.getMessage()).startsWith(GET_FAILED + "access denied decrypting the SSE-KMS object: the credentials "
                + "need kms:Decrypt on key arn:aws:kms:eu-west-1:1:key/def, allowed by both their IAM policy and the key's key "
                + "policy (and s3:GetObject on arn:aws:s3:::your-bucket/path/to/model/model.onnx) (S3 answered 403 AccessDenied: ");
    }

    @Test
    void deniedGetOfAnObjectNotKnownToBeKmsNamesGetObjectEvenWhenTheSecretConfiguresAKmsKey() {
        for (Optional<ObjectHead> head : List.of(PLAIN_HEAD, Optional.<ObjectHead>empty())) {
            FetchFailure failure = AccessDiagnosis.of("iris", SEED, S3Operation.GET, KEY, head,
                    new S3ErrorResponse(403, "AccessDenied", "Access Denied", Optional.empty()));

            assertThat(failure).as(head.toString()).hasMessage(GET_FAILED + "access denied: the credentials need s3:GetObject "
                    + "on arn:aws:s3:::your-bucket/path/to/model/model.onnx (S3 answered 403 AccessDenied: Access Denied)");
        }
    }

    @Test
    void kmsAccessDeniedWithoutTheObjectsHeadHintsAtTheSecretsKeyWithoutClaimingIt() {
        FetchFailure failure = kmsError("KMS.AccessDeniedException", "not authorized", Optional.empty());

        assertThat(failure).hasMessage(GET_FAILED + "access denied decrypting the SSE-KMS object: the credentials need "
                + "kms:Decrypt on the object's KMS key (the secret's sse_kms_key_id is arn:aws:kms:eu-west-1:111122223333:key/1234abcd; "
                + "the object may be under another key), allowed by both their IAM policy and the key's key policy (and s3:GetObject on "
                + "arn:aws:s3:::your-bucket/path/to/model/model.onnx) (S3 answered 400 KMS.AccessDeniedException: not authorized)");
    }

    @Test
    void disabledKeySaysEnableItOrReEncrypt() {
        FetchFailure failure = kmsError("KMS.DisabledException", KMS_KEY + " is disabled.", KMS_HEAD);

        assertThat(failure).isNotInstanceOf(TransientFailure.class).hasMessage(GET_FAILED + "KMS key " + KMS_KEY
                + " is disabled, so S3 cannot decrypt the object; enable it (aws kms enable-key --key-id " + KMS_KEY + ") or, if "
                + "it was disabled on purpose, re-encrypt the model's objects under an enabled key" + NOT_IAM
                + " (S3 answered 400 KMS.DisabledException: " + KMS_KEY + " is disabled.)");
    }

    @Test
    void missingKeySaysItWasDeletedAndCannotBeRestored() {
        FetchFailure failure = kmsError("KMS.NotFoundException", "Invalid keyId " + KMS_KEY, KMS_HEAD);

        assertThat(failure).isNotInstanceOf(TransientFailure.class).hasMessage(GET_FAILED + "KMS key " + KMS_KEY
                + " does not exist: it was deleted (a deleted key cannot be restored, and nothing encrypted under it can be "
                + "decrypted) or the object names a key in another account or region; upload the model again under a key that "
                + "exists" + NOT_IAM + " (S3 answered 400 KMS.NotFoundException: Invalid keyId " + KMS_KEY + ")");
    }

    @Test
    void keyPendingDeletionSaysCancelTheDeletionAndEnableIt() {
        FetchFailure failure = kmsError("KMS.KMSInvalidStateException", KMS_KEY + " is pending deletion.", KMS_HEAD);

        assertThat(failure).isNotInstanceOf(TransientFailure.class).hasMessage(GET_FAILED + "KMS key " + KMS_KEY
                + " is scheduled for deletion (PendingDeletion) and decrypts nothing; cancel the deletion (aws kms "
                + "cancel-key-deletion --key-id " + KMS_KEY + ") and enable the key again (aws kms enable-key --key-id " + KMS_KEY
                + ": a cancelled deletion leaves it disabled), or upload the model again under another key before the deletion "
                + "date" + NOT_IAM + " (S3 answered 400 KMS.KMSInvalidStateException: " + KMS_KEY + " is pending deletion.)");
    }

    @Test
    void keyInAnotherInvalidStateSaysWhichStateItMustBeIn() {
        assertThat(kmsError("KMS.KMSInvalidStateException", KMS_KEY + " is pending import.", KMS_HEAD).getMessage())
                .startsWith(GET_FAILED + "KMS key " + KMS_KEY + " has no key material (PendingImport: never imported, or the "
                        + "imported material expired or was deleted); import the same key material again" + NOT_IAM);
        assertThat(kmsError("KMS.KMSInvalidStateException", KMS_KEY + " is unavailable.", KMS_HEAD).getMessage())
                .startsWith(GET_FAILED + "KMS key " + KMS_KEY + " is in a state that does not allow Decrypt; it must be "
                        + "Enabled (aws kms describe-key --key-id " + KMS_KEY + " shows its KeyState)" + NOT_IAM);
    }

    @Test
    void invalidCiphertextBlamesTheStoredObjectNotPermissions() {
        FetchFailure failure = kmsError("KMS.InvalidCiphertextException", "", KMS_HEAD);

        assertThat(failure).isNotInstanceOf(TransientFailure.class).hasMessage(GET_FAILED + "KMS could not decrypt the "
                + "object's data key with KMS key " + KMS_KEY + ": the data key or encryption context stored with the object "
                + "does not belong to that key (damaged object metadata, or an object copied in from elsewhere); upload the "
                + "object again" + NOT_IAM + " (S3 answered 400 KMS.InvalidCiphertextException)");
    }

    @Test
    void kmsThrottlingIsRetriedAndSaysHowToLowerTheRate() {
        for (String code : List.of("KMS.ThrottlingException", "KMS.LimitExceededException")) {
            FetchFailure failure = kmsError(code, "Rate exceeded", KMS_HEAD);

            assertThat(failure).as(code).isInstanceOf(TransientFailure.class).hasMessage(GET_FAILED + "KMS is throttling "
                    + "Decrypt requests on KMS key " + KMS_KEY + " (each GET of an SSE-KMS object is one, counted against the "
                    + "account's KMS request quota in the region); retried with backoff; if it lasts, enable an S3 Bucket Key "
                    + "on the bucket, lower DOWNLOAD_CONNECTIONS, or request a KMS quota increase (S3 answered 400 " + code
                    + ": Rate exceeded)");
        }
    }

    @Test
    void kmsOutageIsRetried() {
        FetchFailure failure = AccessDiagnosis.of("iris", SEED, S3Operation.GET, KEY, KMS_HEAD,
                new S3ErrorResponse(500, "KMS.KMSInternalException", "", Optional.empty()));

        assertThat(failure).isInstanceOf(TransientFailure.class).hasMessage(GET_FAILED + "KMS could not serve the Decrypt "
                + "request on KMS key " + KMS_KEY + " just now (KMS.KMSInternalException); retried with backoff" + NOT_IAM
                + " (S3 answered 500 KMS.KMSInternalException)");
    }

    @Test
    void unknownKmsCodeIsNamedAsAKmsError() {
        FetchFailure failure = kmsError("KMS.SomethingNewException", "new", KMS_HEAD);

        assertThat(failure).isNotInstanceOf(TransientFailure.class).hasMessage(GET_FAILED + "KMS refused to decrypt the "
                + "object's data key with KMS key " + KMS_KEY + ": KMS.SomethingNewException is a KMS error, not an S3 one; see "
                + "the AWS KMS Decrypt API's errors for this code (S3 answered 400 KMS.SomethingNewException: new)");
    }

    private static FetchFailure kmsError(String code, String message, Optional<ObjectHead> head) {
        return AccessDiagnosis.of("iris", SEED, S3Operation.GET, KEY, head, new S3ErrorResponse(400, code, message, Optional.empty()));
    }

    @Test
    void deniedGetOfAPlainObjectNamesGetObject() {
        FetchFailure failure = AccessDiagnosis.of("iris", DEFAULT_CHAIN, S3Operation.GET, "iris/model.onnx", Optional.empty(),
                new S3ErrorResponse(403, "AccessDenied", "", Optional.empty()));

        assertThat(failure).hasMessage("Model iris: GetObject s3://models/iris/model.onnx failed: access denied: the credentials "
                + "need s3:GetObject on arn:aws:s3:::models/iris/model.onnx (S3 answered 403 AccessDenied)");
    }

    @Test
    void wrongRegionInTheSignatureNamesBothPlacesToFixIt() {
        FetchFailure failure = AccessDiagnosis.of("iris", SEED, S3Operation.LIST, "", Optional.empty(),
                new S3ErrorResponse(400, "AuthorizationHeaderMalformed",
                        "the region 'eu-west-1' is wrong; expecting 'us-east-2'", Optional.of("us-east-2")));

        assertThat(failure).hasMessage("Model iris: ListObjectsV2 s3://your-bucket/path/to/model/ failed: wrong region or endpoint: "
                + "the bucket is in region us-east-2, requests went to endpoint https://s3.eu-west-1.amazonaws.com, region eu-west-1; "
                + "set parameters.region in secret 's3-kms-models' and parameters.endpoint in secret 's3-kms-models' "
                + "(S3 answered 400 AuthorizationHeaderMalformed: the region 'eu-west-1' is wrong; expecting 'us-east-2')");
    }

    @Test
    void defaultChainAdviceNamesTheEnvironmentVariable() {
        FetchFailure failure = AccessDiagnosis.of("iris", DEFAULT_CHAIN, S3Operation.LIST, "", Optional.empty(),
                new S3ErrorResponse(301, "PermanentRedirect", "", Optional.empty()));

        assertThat(failure.getMessage()).contains("requests went to endpoint (AWS default for the region), region (from the AWS "
                + "region chain); set the AWS_REGION environment variable of the fetcher (S3 answered 301 PermanentRedirect)");
    }

    @Test
    void rejectedCredentialsNameTheKeyField() {
        FetchFailure failure = AccessDiagnosis.of("iris", SEED, S3Operation.LIST, "", Optional.empty(),
                new S3ErrorResponse(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist", Optional.empty()));

        assertThat(failure.getMessage()).contains("the credentials were rejected; check parameters.access_key_id in secret "
                + "'s3-kms-models' and its secret key");
    }

    @Test
    void customerKeyObjectWithoutTheKeyNamesTheParameter() {
        FetchFailure failure = AccessDiagnosis.of("iris", SEED, S3Operation.HEAD, KEY, Optional.empty(),
                new S3ErrorResponse(400, "InvalidRequest", "The object was stored using a form of Server Side Encryption. "
                        + "The correct parameters must be provided to retrieve the object (customer key)", Optional.empty()));

        assertThat(failure.getMessage()).contains("encrypted with a customer key (SSE-C); set parameters.sse_customer_key in secret 's3-kms-models'");
    }

    @Test
    void serverErrorsAndThrottlingAreTransientWhileRefusalsAreNot() {
        S3ErrorResponse slowDown = new S3ErrorResponse(503, "SlowDown", "Please reduce your request rate.", Optional.empty());
        S3ErrorResponse internal = new S3ErrorResponse(500, "InternalError", "We encountered an internal error.", Optional.empty());
        S3ErrorResponse tooMany = new S3ErrorResponse(429, "", "", Optional.empty());
        S3ErrorResponse kmsThrottled = new S3ErrorResponse(400, "KMS.ThrottlingException", "Rate exceeded", Optional.empty());

        for (S3ErrorResponse passing : new S3ErrorResponse[] {slowDown, internal, tooMany, kmsThrottled}) {
            assertThat(AccessDiagnosis.of("iris", SEED, S3Operation.GET, KEY, Optional.empty(), passing))
                    .as(passing.toString()).isInstanceOf(TransientFailure.class)
                    .extracting(failure -> ((TransientFailure) failure).source()).isEqualTo(TransientFailure.Source.STORAGE);
        }
        assertThat(AccessDiagnosis.of("iris", SEED, S3Operation.LIST, "", Optional.empty(), slowDown)).hasMessage("Model iris:"
                + " ListObjectsV2 s3://your-bucket/path/to/model/ failed: S3 is unavailable or throttling requests (S3 answered"
                + " 503 SlowDown: Please reduce your request rate.)");
        for (S3ErrorResponse refusal : new S3ErrorResponse[] {
                new S3ErrorResponse(403, "AccessDenied", "Access Denied", Optional.empty()),
                new S3ErrorResponse(404, "NoSuchBucket", "", Optional.empty()),
                new S3ErrorResponse(404, "NoSuchKey", "", Optional.empty()),
                new S3ErrorResponse(400, "KMS.DisabledException", "key is disabled", Optional.empty()),
                new S3ErrorResponse(403, "InvalidAccessKeyId", "", Optional.empty())}) {
            assertThat(AccessDiagnosis.of("iris", SEED, S3Operation.GET, KEY, Optional.empty(), refusal))
                    .as(refusal.toString()).isNotInstanceOf(TransientFailure.class);
        }
    }

    @Test
    void unreachableEndpointNamesEndpointAndRegion() {
        FetchFailure failure = AccessDiagnosis.unreachable("iris", SEED, "UnknownHostException: s3.eu-west-1.amazonaws.com");

        assertThat(failure).isInstanceOf(TransientFailure.class);

        assertThat(failure).hasMessage("Model iris: cannot reach S3 for s3://your-bucket/path/to/model/ at endpoint "
                + "https://s3.eu-west-1.amazonaws.com, region eu-west-1: UnknownHostException: s3.eu-west-1.amazonaws.com; "
                + "check parameters.endpoint in secret 's3-kms-models' and parameters.region in secret 's3-kms-models'");
    }
}
