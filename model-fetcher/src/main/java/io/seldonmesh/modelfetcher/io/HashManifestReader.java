package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.seldonmesh.modelfetcher.core.HashManifest;
import io.seldonmesh.modelfetcher.core.IntegrityFailure;
import io.seldonmesh.modelfetcher.core.RemoteObject;
import io.seldonmesh.modelfetcher.core.S3Operation;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Reads the model's hash manifest, when its prefix has one, before any file is fetched: the files it lists must be
 * exactly the model's, and each is then checked against its SHA-256 as it streams. Without one, the model fails
 * when the fetcher's configuration or the Model requires a manifest.
 */
final class HashManifestReader {

    private HashManifestReader() {
    }

    /**
     * @param requiredBy who requires a manifest ("DOWNLOAD_REQUIRE_MANIFEST", the Model's parameter); empty when
     *                   nobody does
     */
    static Optional<HashManifest> read(String model, StorageLocation.S3 location, S3Client s3, List<RemoteObject> remote,
                                       Optional<String> requiredBy) {
        Optional<RemoteObject> found = HashManifest.find(remote);
        if (found.isEmpty()) {
            if (requiredBy.isPresent()) {
                throw HashManifest.absent(model, location.storageUri(), requiredBy.get());
            }
            return Optional.empty();
        }
        RemoteObject object = found.get();
        if (object.size() > HashManifest.MAX_BYTES) {
            throw new IntegrityFailure("Model " + model + ": " + object.key() + " is " + object.size() + " bytes, more"
                    + " than a hash manifest can be (" + HashManifest.MAX_BYTES + "); it is not a list of hashes");
        }
        HashManifest manifest = HashManifest.parse(model, object.path(), content(model, location, s3, object));
        manifest.mismatch(model, location.storageUri(), remote).ifPresent(mismatch -> {
            throw new IntegrityFailure(mismatch);
        });
        return Optional.of(manifest);
    }

    /** The manifest's hex digests per path, for the download plan; empty without a manifest. */
    static Map<String, String> digests(Optional<HashManifest> manifest) {
        return manifest.map(HashManifest::hex).orElse(Map.of());
    }

    private static byte[] content(String model, StorageLocation.S3 location, S3Client s3, RemoteObject object) {
        GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(location.bucket()).key(object.key());
        location.access().customerKey().ifPresent(customer -> request.sseCustomerAlgorithm(customer.algorithm())
                .sseCustomerKey(customer.keyBase64()).sseCustomerKeyMD5(customer.keyMd5Base64()));
        try (InputStream body = s3.getObject(request.build())) {
            return body.readNBytes((int) HashManifest.MAX_BYTES);
        } catch (SdkException e) {
            throw S3ErrorTranslation.translate(e, model, location, S3Operation.GET, object.key(), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + object.key(), e);
        }
    }
}
