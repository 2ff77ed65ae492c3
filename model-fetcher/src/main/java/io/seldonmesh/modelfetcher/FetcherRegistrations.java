package io.seldonmesh.modelfetcher;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.seldonmesh.modelfetcher.core.CacheManifest;
import io.seldonmesh.modelfetcher.core.CachedFile;
import io.seldonmesh.modelfetcher.core.VerificationMethod;

/**
 * What a native image must be able to bind by reflection in the fetcher itself (common's records are listed by
 * service-runtime): the manifest of a version directory, which Jackson reads and writes. The rclone secrets and the
 * model server's answers are read as JSON trees, which need nothing.
 */
@RegisterForReflection(targets = {CacheManifest.class, CachedFile.class, VerificationMethod.class})
public final class FetcherRegistrations {

    private FetcherRegistrations() {
    }
}
