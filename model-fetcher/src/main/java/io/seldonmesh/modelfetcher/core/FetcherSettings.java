package io.seldonmesh.modelfetcher.core;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import io.seldonmesh.common.spec.StorageAllowList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one fetcher needs to know besides Kafka.
 *
 * @param modelsRoot        where versions go, {@code <models-root>/<model>/<version>/}; the model server reads the same directory
 * @param modelServerUrl    the model server's REST base URL, for its repository API
 * @param loadTimeout       how long the model server may take to load one model
 * @param preloadedSecrets  Secrets offering rclone remotes to every model (Seldon's {@code rclone.configSecrets})
 * @param parallelModels    how many models are fetched and loaded at once
 * @param localStorageRoots the directories a local {@code storageUri} may name; empty: none may
 * @param serverCheckEvery  how often the model server is checked for models it lost (a restart) and for answering at all
 * @param loadRetry         the waits between attempts at a load that failed transiently
 */
public record FetcherSettings(Path modelsRoot, ServerIdentity server, URI modelServerUrl, Duration loadTimeout,
                              List<String> preloadedSecrets, DownloadSettings download, int parallelModels,
                              List<Path> localStorageRoots, Duration serverCheckEvery, RetryBackoff loadRetry,
                              StorageAllowList storageAllowList) {

    public FetcherSettings {
        preloadedSecrets = List.copyOf(preloadedSecrets);
        localStorageRoots = List.copyOf(localStorageRoots);
        if (parallelModels < 1) {
            throw new IllegalArgumentException("parallel models is " + parallelModels + ": it must be at least 1");
        }
        Objects.requireNonNull(storageAllowList);
        if (serverCheckEvery.toMillis() < 100) {
            throw new IllegalArgumentException("MODEL_SERVER_CHECK_INTERVAL is " + serverCheckEvery + ": it must be at least"
                    + " 100 ms, e.g. 5s");
        }
    }
}
