package io.seldonmesh.modelfetcher.io;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.common.spec.StorageUri;
import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.ObjectHead;
import io.seldonmesh.modelfetcher.core.RemoteObject;
import io.seldonmesh.modelfetcher.core.S3Operation;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import io.seldonmesh.modelfetcher.core.StorageResolver;
import io.seldonmesh.runtime.DoctorCheck;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/**
 * The doctor's look at object storage, through the fetcher's own secrets: {@code DOCTOR_STORAGE_URI}, a storageUri
 * as a Model names one, is resolved as that Model's would be (the Secret {@code DOCTOR_STORAGE_SECRET}, else a
 * preloaded remote of the URI's name, else for {@code s3://} the AWS default chain); its bucket is listed (endpoint,
 * region, credentials, {@code s3:ListBucket}), then the first object is read, one byte: {@code s3:GetObject}, and for
 * an SSE-KMS object {@code kms:Decrypt} on its key, which a HEAD does not need. Every failure is explained as a
 * Model's load would explain it, a KMS refusal apart from an S3 one.
 */
public final class StorageCheck implements DoctorCheck {

    static final String STORAGE = "storage";
    static final String OBJECT = "s3 object";
    static final String KMS = "kms:Decrypt";
    /** The name diagnoses are written under, where a load writes the model's. */
    private static final String PROBE = "DOCTOR_STORAGE_URI";
    private static final String ABOUT_PROBE = "Model " + PROBE + ": ";
    /** The doctor's requests are not the service's: they are counted nowhere. */
    private static final ExecutionInterceptor UNCOUNTED = new ExecutionInterceptor() {
    };

    private final Optional<String> storageUri;
    private final Optional<String> secretName;
    private final Supplier<ModelSecrets> secrets;

    /**
     * @param secrets where the Secrets are looked up; asked only when a storageUri is set (it may need the Kubernetes
     *     API), and what it throws is a finding
     */
    public StorageCheck(Optional<String> storageUri, Optional<String> secretName, Supplier<ModelSecrets> secrets) {
        this.storageUri = storageUri.filter(uri -> !uri.isBlank());
        this.secretName = secretName;
        this.secrets = secrets;
    }

    @Override
    public List<Finding> examine() {
        if (storageUri.isEmpty()) {
            return List.of(new Finding(STORAGE, Finding.Verdict.SKIP, "not checked: set " + PROBE + " to a storageUri"
                    + " your Models use (e.g. s3-kms://models/iris, and DOCTOR_STORAGE_SECRET to its secretName) to check"
                    + " its bucket, the credentials and kms:Decrypt"));
        }
        StorageLocation location;
        try {
            StorageUri uri = StorageUri.parse(storageUri.get());
            location = StorageResolver.resolve(PROBE, storageUri.get(), secrets.get().forStorage(PROBE, uri, secretName));
        } catch (IllegalArgumentException e) {
            return List.of(Finding.fail(STORAGE, PROBE + " '" + storageUri.get() + "' is not a storageUri: "
                    + e.getMessage()));
        } catch (RuntimeException e) {
            return List.of(Finding.fail(STORAGE, about(e)));
        }
        if (location instanceof StorageLocation.S3 s3Location) {
            try (S3Clients clients = new S3Clients(UNCOUNTED, Duration.ofSeconds(5), Duration.ofSeconds(10))) {
                return examine(s3Location, clients.forAccess(s3Location.access()));
            } catch (SdkException e) {
                // Building the client already asks the AWS chains, e.g. for a region a bare s3:// URI leaves open.
                return List.of(Finding.fail(STORAGE, about(S3ErrorTranslation.translate(e, PROBE, s3Location,
                        S3Operation.LIST, "", Optional.empty()))));
            }
        }
        return List.of(Finding.ok(STORAGE, storageUri.get() + " is a local directory: nothing to check in S3"));
    }

    private List<Finding> examine(StorageLocation.S3 location, S3Client s3) {
        RemoteObject first;
        try {
            first = BucketListing.first(PROBE, location, s3);
        } catch (FetchFailure e) {
            return List.of(Finding.fail(STORAGE, about(e)));
        }
        Finding listed = Finding.ok(STORAGE, "s3://" + location.bucket() + "/" + location.prefix() + " listed at "
                + location.access().describeTarget() + " with " + credentials(location));
        return List.of(listed, read(location, s3, first.key(), first.size()));
    }

    /** HEAD, then the first byte: what a download needs of the object, and of its KMS key. */
    private static Finding read(StorageLocation.S3 location, S3Client s3, String key, long size) {
        String object = "s3://" + location.bucket() + "/" + key;
        ObjectHead head;
        try {
            HeadObjectRequest.Builder request = HeadObjectRequest.builder().bucket(location.bucket()).key(key);
            location.access().customerKey().ifPresent(customer -> request.sseCustomerAlgorithm(customer.algorithm())
                    .sseCustomerKey(customer.keyBase64()).sseCustomerKeyMD5(customer.keyMd5Base64()));
            head = ObjectHead.fromHeaders(key, s3.headObject(request.build()).sdkHttpResponse().headers());
        } catch (SdkException e) {
            return Finding.fail(OBJECT, about(S3ErrorTranslation.translate(e, PROBE, location, S3Operation.HEAD, key,
                    Optional.empty())));
        }
        boolean kms = head.serverSideEncryption() != null && head.serverSideEncryption().startsWith("aws:kms");
        String layer = kms ? KMS : OBJECT;
        try {
            GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(location.bucket()).key(key);
            if (size > 0) {
                request.range("bytes=0-0");
            }
            location.access().customerKey().ifPresent(customer -> request.sseCustomerAlgorithm(customer.algorithm())
                    .sseCustomerKey(customer.keyBase64()).sseCustomerKeyMD5(customer.keyMd5Base64()));
            s3.getObject(request.build(), ResponseTransformer.toBytes());
        } catch (SdkException e) {
            return Finding.fail(layer, about(S3ErrorTranslation.translate(e, PROBE, location, S3Operation.GET, key,
                    Optional.of(head))));
        }
        return Finding.ok(layer, kms ? "allowed on key " + head.kmsKeyId() + ": read " + object
                : "read " + object + " (not SSE-KMS encrypted: no key to decrypt with)");
    }

    private static String credentials(StorageLocation.S3 location) {
        return location.access().secretName().map(secret -> "the credentials of secret '" + secret + "'")
                .orElse("the AWS default credential chain");
    }

    /** A diagnosis is written about a Model; the doctor's line is about its probe, by the variable that sets it. */
    private static String about(RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith(ABOUT_PROBE) ? message.substring("Model ".length()) : message;
    }
}
