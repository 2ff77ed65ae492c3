package io.seldonmesh.modelfetcher.core;

import java.util.Map;

/** A Kubernetes Secret as the fetcher sees it: its name and its decoded data (key to text). */
public record ModelSecret(String name, Map<String, String> data) {

    public ModelSecret {
        data = Map.copyOf(data);
    }

    @Override
    public String toString() {
        return "ModelSecret[" + name + ", keys=" + data.keySet() + "]";
    }
}
