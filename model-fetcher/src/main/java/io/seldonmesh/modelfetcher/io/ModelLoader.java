package io.seldonmesh.modelfetcher.io;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiPredicate;

import org.jboss.logging.Logger;

import io.seldonmesh.common.spec.StorageAllowList;
import io.seldonmesh.common.spec.Model;
import io.seldonmesh.modelfetcher.api.FetcherMetrics;
import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.FetchResult;
import io.seldonmesh.modelfetcher.core.HashManifest;
import io.seldonmesh.modelfetcher.core.HeldModels;
import io.seldonmesh.modelfetcher.core.ModelStatuses;
import io.seldonmesh.modelfetcher.core.ServerFinding;
import io.seldonmesh.modelfetcher.core.StorageLocation;
import io.seldonmesh.modelfetcher.core.StorageResolver;
import io.seldonmesh.modelfetcher.core.TransientFailure;
import io.seldonmesh.modelfetcher.core.Verified;

/**
 * Puts one version of a model on disk and into the model server, and says how it went:
 * {@code Loading}, then {@code Available}, or {@code LoadFailed} with a reason a person can act on
 * that also says whether the fetcher tries again (a transient failure: when, and which attempt) or
 * not (anything else: a person must change something first). A model the server lost is reloaded
 * from its verified files on disk, without asking storage, when they are all there.
 */
final class ModelLoader {

    private static final Logger LOG = Logger.getLogger(ModelLoader.class);
    static final String NOT_RETRIED = "; not retried: apply the Model again once this is corrected";

    private final Path modelsRoot;
    private final HeldModels held;
    private final ModelSecrets secrets;
    private final S3ArtifactDownloader downloader;
    private final LocalArtifactCopier copier;
    private final ModelServerClient modelServer;
    private final StatusPublisher publisher;
    private final ModelStatuses statuses;
    private final LoadRetries retries;
    private final Runnable checkServer;
    private final BiPredicate<String, String> serverServes;
    private final FetcherMetrics metrics;
    private final StorageAllowList storageAllowList;
    private final String namespace;

    /**
     * @param checkServer asks for the model server to be checked now
     * @param namespace   the namespace whose control topic the specs come from: the allow-list's entries for it apply
     *                    (Seldon's spec carries no namespace; the topic a record is on says where it was declared)
     */
    ModelLoader(Path modelsRoot, HeldModels held, ModelSecrets secrets, S3ArtifactDownloader downloader,
                LocalArtifactCopier copier, ModelServerClient modelServer, StatusPublisher publisher, ModelStatuses statuses,
                LoadRetries retries, Runnable checkServer, BiPredicate<String, String> serverServes,
                FetcherMetrics metrics, StorageAllowList storageAllowList, String namespace) {
        this.serverServes = serverServes;
        this.storageAllowList = storageAllowList;
        this.namespace = namespace;
        this.modelsRoot = modelsRoot;
        this.held = held;
        this.secrets = secrets;
        this.downloader = downloader;
        this.copier = copier;
        this.modelServer = modelServer;
        this.publisher = publisher;
        this.statuses = statuses;
        this.retries = retries;
        this.checkServer = checkServer;
        this.metrics = metrics;
    }

    /** Fetches (what changed) and loads {@code version}; after transient failures, says which attempt this is. */
    void load(Model model, String version) {
        load(model, version, retries.attemptAt(model.name(), version).map(n -> "attempt " + n + ", after a transient failure"));
    }

    /**
     * Loads the version this replica holds again, after the model server lost it: from the verified
     * files on disk when they are all there, else fetched again.
     */
    void reload(Model model, HeldModels.Held current) {
        String name = model.name();
        String version = current.version();
        ServerFinding finding = current.finding();
        metrics.reloaded(name, finding.kind());
        Optional<Verified> verified = new ModelDirectory(modelsRoot, name, version).verifiedOnDisk();
        if (verified.isEmpty()) {
            load(model, version, Optional.of(finding.reason() + "; its files on disk are incomplete, so they are fetched again"));
            return;
        }
        publisher.publish(name, statuses.loading(version, finding.reason() + " from the verified files on disk"));
        try {
            modelServer.load(name, version);
            served(model, version, verified.get());
        } catch (FetchFailure failure) {
            failed(model, version, failure);
        }
    }

    private void load(Model model, String version, Optional<String> why) {
        String name = model.name();
        if (why.isEmpty() && held.get(name).isEmpty() && serverServes.test(name, version)) {
            // This fetcher restarted and its server still serves the version: callers keep being answered, so the
            // model stays Available while its files are checked again (and Available is said again at the end).
            LOG.infof("model %s: version %s is already loaded in the model server; checking its files without"
                    + " announcing Loading", name, version);
        } else {
            publisher.publish(name, why.map(reason -> statuses.loading(version, reason))
                    .orElseGet(() -> statuses.loading(version)));
        }
        try {
            Optional<String> outsideAllowed = storageAllowList.refusal(namespace, model.spec().storageUri());
            if (outsideAllowed.isPresent()) {
                throw new FetchFailure("Model " + name + ": " + outsideAllowed.get());
            }
            StorageLocation location = StorageResolver.resolve(name, model.spec().storageUri(), secrets.forModel(model));
            FetchResult fetched = location instanceof StorageLocation.S3 s3
                    ? downloader.fetch(name, version, s3, HashManifest.requiredBy(model.spec()))
                    : copier.copy(name, version, (StorageLocation.Local) location);
            modelServer.load(name, version);
            new ModelDirectory(modelsRoot, name, version).removeOtherVersions();
            served(model, version, fetched.verified());
        } catch (FetchFailure failure) {
            failed(model, version, failure);
        } catch (RuntimeException unexpected) {
            LOG.errorf(unexpected, "model %s: version %s failed unexpectedly", name, version);
            retries.forget(name);
            discardFailedLocalCopy(model, version);
            publisher.publish(name, statuses.loadFailed(version, "Model " + name + ": unexpected error in the fetcher: "
                    + unexpected + "; see the fetcher's log"));
        }
    }

    private void served(Model model, String version, Verified verified) {
        held.put(model.name(), new HeldModels.Held(version, model.spec().memoryBytes().orElse(0), verified));
        retries.forget(model.name());
        publisher.publish(model.name(), statuses.available(version, verified));
    }

    private void failed(Model model, String version, FetchFailure failure) {
        String name = model.name();
        checkServer.run();
        if (failure instanceof TransientFailure passing) {
            LoadRetries.Planned next = retries.failed(name, version, passing);
            publisher.publish(name, statuses.loadFailed(version, failure.getMessage() + "; " + next.describe()));
            return;
        }
        retries.forget(name);
        discardFailedLocalCopy(model, version);
        publisher.publish(name, statuses.loadFailed(version, failure.getMessage() + NOT_RETRIED));
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
}
