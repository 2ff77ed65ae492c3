package io.seldonmesh.modelfetcher.core;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a model version directory holds: each verified file with the size and ETag of the object it
 * came from. Written after every verified file, so a crashed download resumes from it.
 */
public record CacheManifest(String storageUri, Map<String, CachedFile> files) {

    public CacheManifest {
        files = Map.copyOf(files);
    }

    public static CacheManifest empty(String storageUri) {
        return new CacheManifest(storageUri, Map.of());
    }

    public CacheManifest with(CachedFile file) {
        Map<String, CachedFile> updated = new TreeMap<>(files);
        updated.put(file.path(), file);
        return new CacheManifest(storageUri, updated);
    }

    public CacheManifest without(String path) {
        Map<String, CachedFile> updated = new TreeMap<>(files);
        updated.remove(path);
        return new CacheManifest(storageUri, updated);
    }
}
