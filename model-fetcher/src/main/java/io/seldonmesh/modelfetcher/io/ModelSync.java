package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.modelfetcher.core.DeclaredModels;
import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.HeldModels;
import io.seldonmesh.modelfetcher.core.ModelStatuses;
import io.seldonmesh.modelfetcher.core.Placement;
import io.seldonmesh.modelfetcher.core.PlacementPolicy;
import io.seldonmesh.modelfetcher.core.ServerFinding;
import io.seldonmesh.modelfetcher.core.ServerIdentity;

/**
 * Brings this replica in line with one Model's latest spec (from {@link DeclaredModels}) and with
 * what its model server has: fetch and load it when it belongs here ({@link ModelLoader}),
 * {@code LoadFailed} naming what is missing when this server lacks a capability the model requires,
 * unload and delete it when it was deleted or moved elsewhere ({@code Unloading}, {@code Unloaded};
 * only {@code Unloaded} when this replica held nothing but had reported {@code LoadFailed}); for a
 * version already held, act on the model server watch's finding: reload what the server lost,
 * {@code LoadFailed} while it does not answer, {@code Available} again once it does.
 * The version is the control record's offset: every spec change is a new version, and re-reading
 * the topic after a restart gives the same versions, whose files are then already in place.
 */
public final class ModelSync {

    private static final Logger LOG = Logger.getLogger(ModelSync.class);

    private final Path modelsRoot;
    private final ServerIdentity server;
    private final HeldModels held;
    private final DeclaredModels declared;
    private final ModelLoader loader;
    private final ModelServerClient modelServer;
    private final StatusPublisher publisher;
    private final ModelStatuses statuses;
    private final LoadRetries retries;

    ModelSync(Path modelsRoot, ServerIdentity server, HeldModels held, DeclaredModels declared, ModelLoader loader,
              ModelServerClient modelServer, StatusPublisher publisher, ModelStatuses statuses, LoadRetries retries) {
        this.modelsRoot = modelsRoot;
        this.server = server;
        this.held = held;
        this.declared = declared;
        this.loader = loader;
        this.modelServer = modelServer;
        this.publisher = publisher;
        this.statuses = statuses;
        this.retries = retries;
    }

    /**
     * Applies the latest record of the model: a spec, a deletion, or none at all (a directory left
     * from before a restart whose Model no longer exists).
     */
    public void reconcile(String name) {
        Optional<DeclaredModels.Declared> latest = declared.get(name);
        if (latest.isEmpty()) {
            if (held.get(name).isEmpty()) {
                remove(name, "Model " + name + " was deleted while the fetcher was down");
            }
            return;
        }
        Optional<Model> model = latest.get().model();
        String version = latest.get().version();
        if (model.isEmpty()) {
            remove(name, "Model " + name + " was deleted");
            return;
        }
        Placement placement = PlacementPolicy.decide(model.get(), server, held.memoryExcept(name));
        if (placement instanceof Placement.Elsewhere elsewhere) {
            remove(name, elsewhere.reason());
        } else if (placement instanceof Placement.Unfit unfit) {
            retries.forget(name);
            unload(name, unfit.reason());
            publisher.publish(name, statuses.loadFailed(version, unfit.reason()));
        } else if (placement instanceof Placement.Refused refused) {
            retries.forget(name);
            publisher.publish(name, statuses.loadFailed(version, refused.reason()));
        } else {
            Optional<HeldModels.Held> current = held.get(name).filter(served -> served.version().equals(version));
            if (current.isPresent()) {
                keepServed(model.get(), current.get());
            } else {
                loader.load(model.get(), version);
            }
        }
    }

    /** The version held is the one wanted: what remains is what the model server's last check found. */
    private void keepServed(Model model, HeldModels.Held current) {
        String name = model.name();
        ServerFinding finding = current.finding();
        if (finding.needsReload()) {
            loader.reload(model, current);
        } else if (finding.kind() == ServerFinding.Kind.UNREACHABLE) {
            if (!latestIs(name, ModelState.LOAD_FAILED, finding.reason())) {
                publisher.publish(name, statuses.loadFailed(current.version(), finding.reason()));
            }
        } else if (!latestIs(name, ModelState.AVAILABLE, null)) {
            publisher.publish(name, statuses.available(current.version(), current.verified()));
        }
    }

    private boolean latestIs(String name, ModelState state, String reason) {
        return publisher.latest(name).filter(status -> status.state() == state && Objects.equals(status.reason(), reason))
                .isPresent();
    }

    private void remove(String name, String reason) {
        retries.forget(name);
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
