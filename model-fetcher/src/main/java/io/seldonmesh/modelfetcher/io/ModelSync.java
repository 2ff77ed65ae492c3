package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.FetchResult;
import io.seldonmesh.modelfetcher.core.HeldModels;
import io.seldonmesh.modelfetcher.core.ModelStatuses;
import io.seldonmesh.modelfetcher.core.Placement;
import io.seldonmesh.modelfetcher.core.PlacementPolicy;
import io.seldonmesh.modelfetcher.core.ServerIdentity;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import io.seldonmesh.modelfetcher.core.StorageResolver;

/**
 * Brings this replica in line with one Model's latest spec: fetch and load it when it belongs here
 * ({@code Loading} then {@code Available} or {@code LoadFailed} with a reason a person can act on),
 * {@code LoadFailed} naming what is missing when this server lacks a capability the model requires,
 * unload and delete it when it was deleted or moved elsewhere ({@code Unloading}, {@code Unloaded};
 * only {@code Unloaded} when this replica held nothing but had reported {@code LoadFailed}).
 * The version is the control record's offset: every spec change is a new version, and re-reading
 * the topic after a restart gives the same versions, whose files are then already in place.
 */
public final class ModelSync {

    private static final Logger LOG = Logger.getLogger(ModelSync.class);

    private final Path modelsRoot;
    private final ServerIdentity server;
    private final HeldModels held;
    private final ModelSecrets secrets;
    private final S3ArtifactDownloader downloader;
    private final LocalArtifactCopier copier;
    private final ModelServerClient modelServer;
    private final StatusPublisher publisher;
    private final ModelStatuses statuses;

    public ModelSync(Path modelsRoot, ServerIdentity server, HeldModels held, ModelSecrets secrets,
                     S3ArtifactDownloader downloader, LocalArtifactCopier copier, ModelServerClient modelServer,
                     StatusPublisher publisher, ModelStatuses statuses) {
        this.modelsRoot = modelsRoot;
        this.server = server;
        this.held = held;
        this.secrets = secrets;
        this.downloader = downloader;
        this.copier = copier;
        this.modelServer = modelServer;
        this.publisher = publisher;
        this.statuses = statuses;
    }

    /** Applies a spec ({@code model} present) or a deletion (absent) of the model called {@code name}. */
    public void apply(String name, Optional<Model> model, String version) {
        if (model.isEmpty()) {
            remove(name, "Model " + name + " was deleted");
            return;
        }
        Placement placement = PlacementPolicy.decide(model.get(), server, held.memoryExcept(name));
        if (placement instanceof Placement.Elsewhere elsewhere) {
            remove(name, elsewhere.reason());
        } else if (placement instanceof Placement.Unfit unfit) {
            unload(name, unfit.reason());
            publisher.publish(name, statuses.loadFailed(version, unfit.reason()));
        } else if (placement instanceof Placement.Refused refused) {
            publisher.publish(name, statuses.loadFailed(version, refused.reason()));
        } else if (!held.get(name).map(HeldModels.Held::version).equals(Optional.of(version))) {
            load(model.get(), version);
        }
    }

    /** A model directory left from before a restart whose Model no longer exists. */
    public void removeLeftover(String name) {
        if (held.get(name).isEmpty()) {
            remove(name, "Model " + name + " was deleted while the fetcher was down");
        }
    }

    private void load(Model model, String version) {
        String name = model.name();
        publisher.publish(name, statuses.loading(version));
        try {
            StorageLocation location = StorageResolver.resolve(name, model.spec().storageUri(), secrets.forModel(model));
            FetchResult fetched = location instanceof StorageLocation.S3 s3
                    ? downloader.fetch(name, version, s3)
                    : copier.copy(name, version, (StorageLocation.Local) location);
            modelServer.load(name, version);
            held.put(name, new HeldModels.Held(version, model.spec().memoryBytes().orElse(0)));
            new ModelDirectory(modelsRoot, name, version).removeOtherVersions();
            publisher.publish(name, statuses.available(version, fetched.verification()));
        } catch (FetchFailure failure) {
            discardFailedLocalCopy(model, version);
            publisher.publish(name, statuses.loadFailed(version, failure.getMessage()));
        } catch (RuntimeException unexpected) {
            LOG.errorf(unexpected, "model %s: version %s failed unexpectedly", name, version);
            discardFailedLocalCopy(model, version);
            publisher.publish(name, statuses.loadFailed(version, "Model " + name + ": unexpected error in the fetcher: "
                    + unexpected + "; see the fetcher's log"));
        }
    }

    /**
     * A local source is cheap to copy again, and what a refused or failed local load copied may be
     * files nobody meant to put in the models volume; the version this replica serves is kept.
     */
    private void discardFailedLocalCopy(Model model, String version) {
        if (!isLocal(model) || held.get(model.name()).map(HeldModels.Held::version).equals(Optional.of(version))) {
            return;
        }
        try {
            new ModelDirectory(modelsRoot, model.name(), version).discardVersion();
        } catch (FetchFailure cleanup) {
            LOG.warnf("model %s: %s", model.name(), cleanup.getMessage());
        }
    }

    private static boolean isLocal(Model model) {
        try {
            return model.spec().storage().isLocal();
        } catch (IllegalArgumentException unparsable) {
            return false;
        }
    }

    private void remove(String name, String reason) {
        if (!unload(name, reason)) {
            withdrawLoadFailed(name, reason);
        }
    }

    /** Unloads and deletes what this replica holds of the model; false when it holds nothing, in memory or on disk. */
    private boolean unload(String name, String reason) {
        Optional<HeldModels.Held> current = held.get(name);
        Path directory = modelsRoot.resolve(name);
        if (current.isEmpty() && !Files.isDirectory(directory)) {
            return false;
        }
        String version = current.map(HeldModels.Held::version).orElseGet(() -> newestVersion(directory));
        publisher.publish(name, statuses.unloading(version, reason));
        try {
            modelServer.unload(name);
        } catch (FetchFailure failure) {
            // The files stay so that the model server can still serve it; the next spec event tries again.
            publisher.publish(name, statuses.unloading(version, reason + "; but " + failure.getMessage()));
            return true;
        }
        new ModelDirectory(modelsRoot, name, version).removeModel();
        held.remove(name);
        publisher.publish(name, statuses.unloaded(version, reason));
        return true;
    }

    /**
     * A LoadFailed this replica published for a model that is now deleted or someone else's would stay on the
     * compacted status topic: the gateways would keep showing it, and keep counting a deleted model as declared.
     */
    private void withdrawLoadFailed(String name, String reason) {
        publisher.latest(name).filter(status -> status.state() == ModelState.LOAD_FAILED)
                .ifPresent(failed -> publisher.publish(name, statuses.unloaded(failed.version(), reason)));
    }

    /** The version a directory left from before a restart holds: the highest offset. */
    private static String newestVersion(Path directory) {
        long newest = -1;
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(directory)) {
            for (Path version : versions) {
                String name = version.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && !name.isEmpty() && name.length() < 19) {
                    newest = Math.max(newest, Long.parseLong(name));
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot list %s: %s", directory, e);
        }
        return newest < 0 ? "unknown" : Long.toString(newest);
    }
}
