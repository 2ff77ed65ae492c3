package io.seldonmesh.modelfetcher.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which objects of a model to download and which local files to keep or remove. A file is kept
 * without a GET when the manifest recorded it from an object with the same size and ETag and the
 * file on disk still has that size: S3 gives an object a new ETag whenever its content is written,
 * so an unchanged ETag means unchanged bytes, and the bytes were verified when they were fetched. A file a hash
 * manifest lists is kept only if it was checked against the same SHA-256: a manifest that now says otherwise about
 * unchanged bytes must see them fail, not pass because they were fetched before.
 */
public record DownloadPlan(List<RemoteObject> toDownload, List<CachedFile> unchanged, List<String> obsolete) {

    public DownloadPlan {
        toDownload = List.copyOf(toDownload);
        unchanged = List.copyOf(unchanged);
        obsolete = List.copyOf(obsolete);
    }

    public static DownloadPlan of(String model, String storageUri, List<RemoteObject> remote, CacheManifest cached,
                                  Map<String, Long> sizesOnDisk) {
        return of(model, storageUri, remote, cached, sizesOnDisk, Map.of());
    }

    /**
     * @param sizesOnDisk    the files present in the local directory (relative path to size)
     * @param manifestSha256 the hex SHA-256 the model's hash manifest lists per path; empty without a manifest
     */
    public static DownloadPlan of(String model, String storageUri, List<RemoteObject> remote, CacheManifest cached,
                                  Map<String, Long> sizesOnDisk, Map<String, String> manifestSha256) {
        rejectFileDirectoryClashes(model, remote);
        boolean sameSource = storageUri.equals(cached.storageUri());
        List<RemoteObject> download = new ArrayList<>();
        List<CachedFile> unchanged = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (RemoteObject object : remote) {
            wanted.add(object.path());
            CachedFile file = sameSource ? cached.files().get(object.path()) : null;
            Long onDisk = sizesOnDisk.get(object.path());
            if (file != null && file.size() == object.size() && file.eTag().equals(object.eTag())
                    && onDisk != null && onDisk == object.size()
                    && Objects.equals(manifestSha256.get(object.path()), file.sha256())) {
                unchanged.add(file);
            } else {
                download.add(object);
            }
        }
        Set<String> obsolete = new TreeSet<>(sizesOnDisk.keySet());
        obsolete.removeAll(wanted);
        return new DownloadPlan(download, unchanged, new ArrayList<>(obsolete));
    }

    public boolean upToDate() {
        return toDownload.isEmpty() && obsolete.isEmpty();
    }

    public long bytesToDownload() {
        return toDownload.stream().mapToLong(RemoteObject::size).sum();
    }

    private static void rejectFileDirectoryClashes(String model, List<RemoteObject> remote) {
        Set<String> files = new HashSet<>();
        for (RemoteObject object : remote) {
            if (!files.add(object.path())) {
                throw new FetchFailure("Model " + model + ": two objects map to the same file '" + object.path() + "'");
            }
        }
        for (RemoteObject object : remote) {
            String path = object.path();
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String parent = path.substring(0, slash);
                if (files.contains(parent)) {
                    throw new FetchFailure("Model " + model + ": object '" + object.key() + "' needs '" + parent
                            + "' to be a directory, but an object of that name is a file");
                }
            }
        }
    }
}
