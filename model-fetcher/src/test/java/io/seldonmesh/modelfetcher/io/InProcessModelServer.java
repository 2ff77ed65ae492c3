package io.seldonmesh.modelfetcher.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.seldonmesh.modelserver.core.Inference;
import io.seldonmesh.modelserver.core.LoadedModel;
import io.seldonmesh.modelserver.core.ModelFactory;
import io.seldonmesh.modelserver.core.ModelRegistry;
import io.seldonmesh.modelserver.core.ModelServerException;
import io.seldonmesh.modelserver.core.ModelSource;
import io.seldonmesh.modelserver.core.RepositoryIndex;
import io.seldonmesh.modelserver.io.ModelsRoot;
import io.seldonmesh.modelserver.io.OnnxModels;

/**
 * The model-server module's own loading code (its registry, models root and model factory, wired
 * as its ModelServerWiring does) behind its repository REST API on 127.0.0.1: loads really read
 * the version directory the fetcher wrote and build the model (built-in or ONNX), and the loaded
 * model answers inference requests. Only the three repository routes (index, load, unload) are
 * re-stated here, as RepositoryResource and RestErrors map them, and {@code GET /v2} without an
 * instance id, so this server looks to the fetcher like a V2 server that has none.
 */
public final class InProcessModelServer implements AutoCloseable {

    private static final Pattern ROUTE = Pattern.compile("/v2/repository/models/([^/]+)/(load|unload)");
    private static final String INDEX = "/v2/repository/index";
    private static final String METADATA = "/v2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelsRoot root;
    private final ModelRegistry registry;
    private final Inference inference;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    public InProcessModelServer(Path modelsRoot) {
        this(modelsRoot, 0);
    }

    /** On a given port: a server started again where the one before it was, as a restarted pod is. */
    public InProcessModelServer(Path modelsRoot, int port) {
        this.root = new ModelsRoot(modelsRoot);
        ModelFactory factory = new ModelFactory(new OnnxModels());
        this.registry = new ModelRegistry((name, version) -> {
            ModelSource source = root.locate(name, version);
            return new LoadedModel(name, source.version(), factory.create(source));
        });
        // Nobody reads this server's metrics: the outcomes of its inferences go nowhere.
        this.inference = new Inference(registry, (model, outcome, took) -> { });
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/v2/repository/models/", this::handle);
        server.createContext(INDEX, this::index);
        server.createContext(METADATA, InProcessModelServer::metadata);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    ModelRegistry registry() {
        return registry;
    }

    Inference inference() {
        return inference;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher route = ROUTE.matcher(exchange.getRequestURI().getPath());
            if (!exchange.getRequestMethod().equals("POST") || !route.matches()) {
                reply(exchange, 404, "{\"error\": \"no such route\"}");
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            try {
                if (route.group(2).equals("load")) {
                    JsonNode version = body.length == 0 ? JSON.missingNode() : JSON.readTree(body).path("parameters").path("version");
                    registry.load(route.group(1), version.isMissingNode() || version.isNull()
                            ? Optional.empty() : Optional.of(version.asText()));
                } else {
                    registry.unload(route.group(1));
                }
                reply(exchange, 200, "");
            } catch (ModelServerException e) {
                reply(exchange, e.httpStatus(), JSON.createObjectNode().put("error", e.getMessage()).toString());
            }
        }
    }

    private void index(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            ArrayNode items = JSON.createArrayNode();
            for (RepositoryIndex.Item item : RepositoryIndex.of(registry.entries(), root.modelNames(), false)) {
                items.addObject().put("name", item.name()).put("version", item.version()).put("state", item.state().name())
                        .put("reason", item.reason() == null ? "" : item.reason());
            }
            reply(exchange, 200, items.toString());
        }
    }

    private static void metadata(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().equals(METADATA)) {
                reply(exchange, 200, "{\"name\": \"in-process-model-server\", \"version\": \"test\"}");
            } else {
                reply(exchange, 404, "{\"error\": \"no such route\"}");
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        registry.closeAll();
    }
}
