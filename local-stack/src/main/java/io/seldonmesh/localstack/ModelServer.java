package io.seldonmesh.localstack;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where models are served: the embedded model-server, or an existing Open Inference Protocol (V2)
 * server with the model repository API ({@code LOCAL_MODEL_SERVER_URL}). model-fetcher downloads
 * into {@link #modelsRoot()} and asks the server to load from there, so both must see the same
 * directory — like Seldon's agent sharing a volume with MLServer or Triton.
 *
 * @param rest        the REST base URL, without a trailing slash
 * @param grpc        {@code host:port} of the gRPC endpoint; model-gateway speaks REST when there is none
 * @param modelsRoot  where model-fetcher writes {@code <model>/<version>/} and the server loads it from
 */
record ModelServer(URI rest, Optional<String> grpc, Path modelsRoot) {

    /**
     * The existing server named by {@code LOCAL_MODEL_SERVER_URL}, if any, with
     * {@code LOCAL_MODEL_SERVER_GRPC} (optional) and {@code LOCAL_MODELS_ROOT} (required then).
     */
    static Optional<ModelServer> fromEnvironment(Map<String, String> env) {
        String url = env.get("LOCAL_MODEL_SERVER_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        URI rest = restUrl(url.trim());
        String root = env.get("LOCAL_MODELS_ROOT");
        if (root == null || root.isBlank()) {
            throw new StackException("LOCAL_MODELS_ROOT is required when LOCAL_MODEL_SERVER_URL is set: the directory "
                    + "the model server at " + rest + " loads models from (its model repository), which model-fetcher "
                    + "downloads into");
        }
        return Optional.of(new ModelServer(rest, grpcAddress(env.get("LOCAL_MODEL_SERVER_GRPC")),
                Path.of(root.trim()).toAbsolutePath()));
    }

    /** {@code rest} followed by {@code path} (which starts with a slash), keeping any path prefix of the URL. */
    URI resolve(String path) {
        return URI.create(rest + path);
    }

    /** How model-fetcher reaches the server and what it publishes as the model's endpoints. */
    Map<String, String> fetcherEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("MODELS_ROOT", modelsRoot.toString());
        environment.put("MODEL_SERVER_URL", rest.toString());
        grpc.ifPresent(address -> environment.put("MODEL_SERVER_GRPC_ENDPOINT", address));
        return environment;
    }

    /** gRPC when the server has it (the Kafka protobuf goes through unchanged), REST otherwise. */
    Map<String, String> gatewayEnvironment() {
        return grpc.map(address -> Map.of("MODEL_SERVER_PROTOCOL", "grpc", "MODEL_SERVER_URL", address))
                .orElseGet(() -> Map.of("MODEL_SERVER_PROTOCOL", "rest", "MODEL_SERVER_URL", rest.toString()));
    }

    private static URI restUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (URISyntaxException e) {
            throw new StackException("LOCAL_MODEL_SERVER_URL=" + url + " is not a URL (" + e.getReason()
                    + "); expected the model server's REST base URL, e.g. http://127.0.0.1:8080");
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
            throw new StackException("LOCAL_MODEL_SERVER_URL=" + url + " is not an http(s) URL; expected the model "
                    + "server's REST base URL, e.g. http://127.0.0.1:8080");
        }
        return uri;
    }

    private static Optional<String> grpcAddress(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String address = value.trim();
        int colon = address.lastIndexOf(':');
        boolean valid = colon > 0 && colon < address.length() - 1 && !address.contains("/");
        if (valid) {
            try {
                int port = Integer.parseInt(address.substring(colon + 1));
                valid = port > 0 && port <= 65535;
            } catch (NumberFormatException e) {
                valid = false;
            }
        }
        if (!valid) {
            throw new StackException("LOCAL_MODEL_SERVER_GRPC=" + value + " is not host:port; expected the model "
                    + "server's gRPC endpoint, e.g. 127.0.0.1:8081 (or leave it unset: model-gateway then uses REST)");
        }
        return Optional.of(address);
    }

    @Override
    public String toString() {
        return rest + grpc.map(address -> ", gRPC " + address).orElse(", REST only") + ", models in " + modelsRoot;
    }
}
