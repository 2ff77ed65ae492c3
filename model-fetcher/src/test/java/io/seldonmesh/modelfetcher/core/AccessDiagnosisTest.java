package io.seldonmesh.modelfetcher.core;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void deniedGetOfAKmsObjectNamesKmsDecryptOnTheObjectsKey() {
        FetchFailure failure = AccessDiagnosis.of("iris", SEED, S3Operation.GET, KEY, Optional.of("arn:aws:kms:eu-west-1:1:key/abc"),
                new S3ErrorResponse(403, "AccessDenied", "Access Denied", Optional.empty()));

        assertThat(failure).hasMessage("Model iris: GetObject s3://your-bucket/path/to/model/model.onnx failed: access denied "
                + "decrypting the SSE-KMS object: the credentials need kms:Decrypt on key arn:aws:kms:eu-west-1:1:key/abc "
                + "(and s3:GetObject on arn:aws:s3:::your-bucket/path/to/model/model.onnx) (S3 answered 403 AccessDenied: Access Denied)");
    }

    @Test
    void kmsErrorWithoutTheObjectsKeyFallsBackToTheConfiguredKey() {
        FetchFailure failure = AccessDiagnosis.of("iris", SEED, S3Operation.GET, KEY, Optional.empty(),
                new S3ErrorResponse(400, "KMS.DisabledException", "key is disabled", Optional.empty()));

        assertThat(failure.getMessage()).contains("kms:Decrypt on key arn:aws:kms:eu-west-1:111122223333:key/1234abcd");
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
