package io.seldonmesh.modelfetcher.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.RemoteObject;
import io.seldonmesh.modelfetcher.core.S3Operation;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a {@code storageUri} names in its bucket: the objects under its prefix, or, as rclone allows, the one object
 * the prefix names. Nothing there is a failure naming the storageUri, as is every refused listing.
 */
final class BucketListing {

    /** Enough for the doctor to find an object to read, without listing a whole bucket. */
    private static final int FIRST_PAGE = 100;

    private BucketListing() {
    }

    /** Every object, one request per 1000. */
    static List<RemoteObject> all(String model, StorageLocation.S3 location, S3Client s3) {
        return orSingleObject(model, location, s3, objects(model, location, () -> s3.listObjectsV2Paginator(request ->
                request.bucket(location.bucket()).prefix(location.prefix())).contents()));
    }

    /** The first object listed: one request, what the doctor reads to check access. */
    static RemoteObject first(String model, StorageLocation.S3 location, S3Client s3) {
        return orSingleObject(model, location, s3, objects(model, location, () -> s3.listObjectsV2(request ->
                request.bucket(location.bucket()).prefix(location.prefix()).maxKeys(FIRST_PAGE)).contents())).get(0);
    }

    private static List<RemoteObject> objects(String model, StorageLocation.S3 location,
                                              Supplier<Iterable<S3Object>> listing) {
        List<RemoteObject> objects = new ArrayList<>();
        try {
            for (S3Object object : listing.get()) {
                RemoteObject.under(model, location.prefix(), object.key(), object.size(), object.eTag()).ifPresent(objects::add);
            }
        } catch (SdkException e) {
            throw S3ErrorTranslation.translate(e, model, location, S3Operation.LIST, "", Optional.empty());
        }
        return objects;
    }

    private static List<RemoteObject> orSingleObject(String model, StorageLocation.S3 location, S3Client s3,
                                                     List<RemoteObject> listed) {
        List<RemoteObject> objects = new ArrayList<>(listed);
        if (objects.isEmpty() && !location.prefix().isEmpty()) {
            singleObject(model, location, s3).ifPresent(objects::add);
        }
        if (objects.isEmpty()) {
            throw new FetchFailure("Model " + model + ": no objects under s3://" + location.bucket() + "/" + location.prefix()
                    + " at " + location.access().describeTarget() + "; check the storageUri '" + location.storageUri() + "'");
        }
        return objects;
    }

    private static Optional<RemoteObject> singleObject(String model, StorageLocation.S3 location, S3Client s3) {
        String key = location.prefix().substring(0, location.prefix().length() - 1);
        try {
            HeadObjectResponse head = s3.headObject(request -> request.bucket(location.bucket()).key(key));
            String parent = key.contains("/") ? key.substring(0, key.lastIndexOf('/') + 1) : "";
            return RemoteObject.under(model, parent, key, head.contentLength(), head.eTag());
        } catch (NoSuchKeyException absent) {
            return Optional.empty();
        } catch (SdkException e) {
            throw S3ErrorTranslation.translate(e, model, location, S3Operation.HEAD, key, Optional.empty());
        }
    }
}
