package io.seldonmesh.modelfetcher.io;

import java.util.Optional;

import io.seldonmesh.modelfetcher.core.ModelSecret;

/** Where Secrets holding rclone remotes are read from. */
public interface SecretSource {

    Optional<ModelSecret> find(String name);

    /** Where it looks, for messages: "directory /etc/seldon/secrets", "namespace seldon-mesh". */
    String describe();
}
