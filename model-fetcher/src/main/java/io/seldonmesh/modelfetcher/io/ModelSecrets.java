package io.seldonmesh.modelfetcher.io;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.seldonmesh.common.spec.Model;
import io.seldonmesh.common.spec.StorageUri;
import io.seldonmesh.modelfetcher.core.FetchFailure;
import io.seldonmesh.modelfetcher.core.ModelSecret;
import io.seldonmesh.modelfetcher.core.RcloneRemoteConfig;

/**
 * Finds the Secret holding a model's rclone remote: the Model's own {@code secretName}, else one of
 * the preloaded remotes (Seldon's {@code rclone.configSecrets}: secrets offered to every model)
 * whose remote name is the storageUri's. Sources are searched in order (mounted files, then the
 * Kubernetes API).
 */
public final class ModelSecrets {

    private final List<SecretSource> sources;
    private final List<String> preloaded;

    public ModelSecrets(List<SecretSource> sources, List<String> preloaded) {
        this.sources = List.copyOf(sources);
        this.preloaded = List.copyOf(preloaded);
    }

    public Optional<ModelSecret> forModel(Model model) {
        return forStorage(model.name(), model.spec().storage(), Optional.ofNullable(model.spec().secretName()));
    }

    /**
     * The Secret for a storage URI as a Model with this {@code secretName} would get it (the doctor's probe has no
     * Model).
     */
    public Optional<ModelSecret> forStorage(String model, StorageUri uri, Optional<String> secretName) {
        Optional<String> named = secretName.filter(name -> !name.isBlank());
        if (named.isPresent()) {
            return Optional.of(find(named.get()).orElseThrow(() -> new FetchFailure("Model " + model + ": secret '"
                    + named.get() + "' (spec.secretName) was not found in " + places()
                    + "; create it, or correct spec.secretName")));
        }
        if (uri.isLocal() || uri.remote().equals("s3")) {
            return Optional.empty();
        }
        for (String name : preloaded) {
            Optional<ModelSecret> secret = find(name);
            if (secret.isPresent() && RcloneRemoteConfig.parse(model, secret.get()).name().equals(uri.remote())) {
                return secret;
            }
        }
        return Optional.empty();
    }

    private Optional<ModelSecret> find(String name) {
        for (SecretSource source : sources) {
            Optional<ModelSecret> secret = source.find(name);
            if (secret.isPresent()) {
                return secret;
            }
        }
        return Optional.empty();
    }

    private String places() {
        return sources.isEmpty() ? "(no secret source configured)"
                : sources.stream().map(SecretSource::describe).collect(Collectors.joining(" or "));
    }
}
