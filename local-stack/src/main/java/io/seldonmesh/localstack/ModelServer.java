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
    static Optional<ModelServer> existing(LocalStackConfig config) {
        return config.modelServerUrl().map(url -> {
            URI rest = restUrl(url);
            Path root = config.modelsRoot().orElseThrow(() -> new StackException("LOCAL_MODELS_ROOT is required when "
                    + "LOCAL_MODEL_SERVER_URL is set: the directory the model server at " + rest + " loads models from "
                    + "(its model repository), which model-fetcher downloads into"));
            return new ModelServer(rest, config.modelServerGrpc().map(ModelServer::grpcAddress), root.toAbsolutePath());
        });
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

    private static String grpcAddress(String address) {
        int colon = address.lastIndexOf(':');
        String port = colon > 0 ? address.substring(colon + 1) : "";
        int number = port.matches("[0-9]{1,5}") ? Integer.parseInt(port) : 0;
        if (address.contains("/") || number < 1 || number > 65535) {
            throw new StackException("LOCAL_MODEL_SERVER_GRPC=" + address + " is not host:port; expected the model "
                    + "server's gRPC endpoint, e.g. 127.0.0.1:8081 (or leave it unset: model-gateway then uses REST)");
        }
        return address;
    }

    @Override
    public String toString() {
        return rest + grpc.map(address -> ", gRPC " + address).orElse(", REST only") + ", models in " + modelsRoot;
    }
}
