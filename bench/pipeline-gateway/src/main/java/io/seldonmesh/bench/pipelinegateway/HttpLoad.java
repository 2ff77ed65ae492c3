package io.seldonmesh.bench.pipelinegateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The clients' HTTP side: keep-alive connections, up to one per client, on one Vert.x event loop. Cheap on CPU,
 * so that on a 2-core machine the load generator takes as little as possible from the services measured.
 */
final class HttpLoad implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final Context context = vertx.getOrCreateContext();
    private final HttpClient client;

    HttpLoad(int clients) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(clients)
                .setMaxWaitQueueSize(-1));
    }

    /**
     * POSTs a JSON body to a target; completes with a 200's body, fails on anything else. The request starts on the
     * client's own event loop: Vert.x 4.5's client, driven from many foreign threads at a few hundred requests a
     * second, left some requests unsent (seen here: about 1 in 30 at 500 requests/s, never answered).
     */
    CompletableFuture<Buffer> post(HttpTarget target, Buffer body) {
        URI uri = target.uri();
        String path = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        CompletableFuture<Buffer> answered = new CompletableFuture<>();
        context.runOnContext(ignored -> client.request(HttpMethod.POST, uri.getPort(), uri.getHost(), path)
                .compose(request -> {
                    target.headers().forEach(request::putHeader);
                    return request.putHeader("content-type", "application/json").send(body);
                })
                .compose(response -> response.body().compose(answer -> response.statusCode() == 200
                        ? Future.succeededFuture(answer)
                        : Future.failedFuture(new IOException(uri + " answered " + response.statusCode() + ": " + answer))))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        answered.complete(result.result());
                    } else {
                        answered.completeExceptionally(result.cause());
                    }
                }));
        return answered;
    }

    @Override
    public void close() throws Exception {
        client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
