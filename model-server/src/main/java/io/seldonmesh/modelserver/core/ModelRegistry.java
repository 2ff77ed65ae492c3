package io.seldonmesh.modelserver.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * The models this server knows, by name. Loads and unloads are serialised (they are rare and may
 * replace one another); lookups never wait for them. A reload keeps the previous version serving
 * until the new one is ready, and a failed reload leaves the previous version in place, as Triton
 * does.
 */
public final class ModelRegistry {

    /** Reads a model from wherever models live and opens it. */
    @FunctionalInterface
    public interface Loader {
        LoadedModel load(String name, Optional<String> version);
    }

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final Loader loader;
    private final ConcurrentMap<String, ModelEntry> entries = new ConcurrentHashMap<>();

    public ModelRegistry(Loader loader) {
        this.loader = loader;
    }

    public synchronized LoadedModel load(String name, Optional<String> version) {
        Optional<LoadedModel> previous = Optional.ofNullable(entries.get(name)).flatMap(ModelEntry::loaded);
        entries.put(name, ModelEntry.loading(name, previous));
        LoadedModel fresh;
        try {
            fresh = loader.load(name, version);
        } catch (RuntimeException e) {
            ModelServerException failure = e instanceof ModelServerException known ? known
                    : ModelServerException.loadFailed("model '" + name + "' failed to load: " + e, e);
            if (previous.isPresent()) {
                entries.put(name, ModelEntry.ready(previous.get()));
            } else if (failure.kind() == ModelServerException.Kind.MODEL_NOT_FOUND) {
                entries.remove(name);
            } else {
                entries.put(name, ModelEntry.failed(name, failure.getMessage()));
            }
            LOG.warnf("model=%s: load failed: %s", name, failure.getMessage());
            throw failure;
        }
        entries.put(name, ModelEntry.ready(fresh));
        previous.ifPresent(LoadedModel::close);
        LOG.infof("model=%s version=%s: loaded (%s)%s", name, fresh.version(), fresh.model().platform(),
                previous.map(p -> ", replacing version " + p.version()).orElse(""));
        return fresh;
    }

    public synchronized void unload(String name) {
        ModelEntry removed = entries.remove(name);
        if (removed == null) {
            throw ModelServerException.notFound("model '" + name + "' is not loaded; nothing to unload");
        }
        removed.loaded().ifPresent(LoadedModel::close);
        LOG.infof("model=%s version=%s: unloaded", name, removed.version());
    }

    /** The model that serves {@code name} (and {@code version} when given), or the reason it cannot. */
    public LoadedModel ready(String name, Optional<String> version) {
        ModelEntry entry = known(name);
        if (entry.loaded().isEmpty()) {
            throw ModelServerException.notReady(entry.state() == ModelState.LOADING
                    ? "model '" + name + "' is still loading; retry shortly"
                    : "model '" + name + "' is not ready: " + entry.reason() + "; fix the model and load it again");
        }
        return checkVersion(entry.loaded().get(), version);
    }

    /**
     * Whether {@code name} (and {@code version} when given) can serve now; a model or version this
     * server does not have is not "not ready" but unknown.
     */
    public boolean isReady(String name, Optional<String> version) {
        ModelEntry entry = known(name);
        entry.loaded().ifPresent(model -> checkVersion(model, version));
        return entry.loaded().isPresent();
    }

    private ModelEntry known(String name) {
        ModelEntry entry = entries.get(name);
        if (entry == null) {
            throw ModelServerException.notFound("model '" + name + "' is not loaded on this server;"
                    + " load it through the repository API (POST /v2/repository/models/" + name + "/load)");
        }
        return entry;
    }

    private static LoadedModel checkVersion(LoadedModel model, Optional<String> version) {
        if (version.isPresent() && !version.get().equals(model.version())) {
            throw ModelServerException.notFound("model '" + model.name() + "' version '" + version.get()
                    + "' is not loaded; the loaded version is '" + model.version() + "'");
        }
        return model;
    }

    public Optional<ModelEntry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public Collection<ModelEntry> entries() {
        return List.copyOf(entries.values());
    }

    public long readyCount() {
        return entries.values().stream().filter(entry -> entry.loaded().isPresent()).count();
    }

    /** Closes every model, for shutdown. */
    public synchronized void closeAll() {
        entries.values().forEach(entry -> entry.loaded().ifPresent(LoadedModel::close));
        entries.clear();
    }
}
