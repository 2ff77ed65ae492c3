package io.seldonmesh.modelfetcher.io;

import java.util.Optional;

import io.seldonmesh.modelfetcher.core.AccessDiagnosis;
import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.ObjectHead;
import io.seldonmesh.modelfetcher.core.S3ErrorResponse;
import io.seldonmesh.modelfetcher.core.S3Operation;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Reads what the SDK reports about a failed call and lets {@link AccessDiagnosis} explain it. */
final class S3ErrorTranslation {

    private S3ErrorTranslation() {
    }

    static FetchFailure translate(SdkException error, String model, StorageLocation.S3 location, S3Operation operation,
                                  String key, Optional<ObjectHead> head) {
        if (error instanceof AwsServiceException service) {
            String code = "";
            String message = "";
            Optional<String> bucketRegion = Optional.empty();
            if (service.awsErrorDetails() != null) {
                code = Optional.ofNullable(service.awsErrorDetails().errorCode()).orElse("");
                message = Optional.ofNullable(service.awsErrorDetails().errorMessage()).orElse("");
                if (service.awsErrorDetails().sdkHttpResponse() != null) {
                    bucketRegion = service.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
                }
            }
            FetchFailure failure = AccessDiagnosis.of(model, location, operation, key, head,
                    new S3ErrorResponse(service.statusCode(), code, message, bucketRegion));
            failure.initCause(error);
            return failure;
        }
        FetchFailure failure = AccessDiagnosis.unreachable(model, location, rootCause(error));
        failure.initCause(error);
        return failure;
    }

    private static String rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == error ? String.valueOf(error.getMessage()) : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
