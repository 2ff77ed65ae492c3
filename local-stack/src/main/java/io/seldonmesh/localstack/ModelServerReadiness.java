package io.seldonmesh.localstack;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

/**
 * Checks an existing model server before anything else starts, so a wrong URL costs a second
 * and one line instead of a demo that times out waiting for a model to load.
 */
final class ModelServerReadiness {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ModelServerReadiness() {
    }

    /** The server itself when it is ready; otherwise a {@link StackException} saying what to check. */
    static ModelServer require(ModelServer server) {
        requireModelsRoot(server);
        requireRestReady(server);
        server.grpc().ifPresent(ModelServerReadiness::requireGrpcListening);
        return server;
    }

    private static void requireModelsRoot(ModelServer server) {
        if (!Files.isDirectory(server.modelsRoot()) || !Files.isWritable(server.modelsRoot())) {
            throw new StackException("LOCAL_MODELS_ROOT=" + server.modelsRoot() + " is not a writable directory: it "
                    + "must be the directory the model server at " + server.rest() + " loads models from (its model "
                    + "repository, e.g. the host side of its volume), and model-fetcher writes into it");
        }
    }

    private static void requireRestReady(ModelServer server) {
        URI ready = server.resolve("/v2/health/ready");
        String problem;
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(
                    HttpRequest.newBuilder(ready).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return;
            }
            problem = "it answered " + response.statusCode();
        } catch (IOException e) {
            problem = "no answer (" + reason(e) + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while checking the model server at " + ready, e);
        }
        throw new StackException("the model server at LOCAL_MODEL_SERVER_URL=" + server.rest() + " is not ready: GET "
                + ready + " gave " + problem + ". Check that the server is running and reachable from this machine, "
                + "and that the URL is its Open Inference Protocol (V2) REST base URL (the one serving /v2/health/ready "
                + "and the /v2/repository API)");
    }

    /** The JDK's HttpClient often throws a ConnectException without a message, its cause has one. */
    private static String reason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return error instanceof ConnectException ? "could not connect: typically nothing listens there"
                : error.getClass().getSimpleName();
    }

    private static void requireGrpcListening(String address) {
        int colon = address.lastIndexOf(':');
        InetSocketAddress endpoint = new InetSocketAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)));
        try (Socket socket = new Socket()) {
            socket.connect(endpoint, (int) TIMEOUT.toMillis());
        } catch (IOException e) {
            throw new StackException("nothing accepts connections at LOCAL_MODEL_SERVER_GRPC=" + address + " ("
                    + reason(e) + "): give the model server's gRPC host:port, or leave LOCAL_MODEL_SERVER_GRPC "
                    + "unset to have model-gateway call it over REST");
        }
    }
}
