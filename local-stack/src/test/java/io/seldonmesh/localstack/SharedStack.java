package io.seldonmesh.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One running local stack with its demo done (model {@code iris}, pipeline {@code tfsimples}, the
 * replicated credentials), shared by every test class that declares {@code @ExtendWith(SharedStack.class)}
 * and takes a {@link Running} parameter: the operator tools' tests (status page, CLI) look at the same
 * stack a user of {@code ./run-local} sees, and the suite pays for one start, not one per class. Closed
 * when the test run ends.
 */
public final class SharedStack implements ParameterResolver {

    /** The stack and what its start and demo printed. */
    public record Running(Stack stack, Demo.Answers answers, String printed) implements ExtensionContext.Store.CloseableResource {

        /** pipeline-gateway's HTTP address, e.g. {@code http://127.0.0.1:41234}. */
        public String gateway() {
            return stack.service("pipeline-gateway").baseUri().toString().replaceAll("/$", "");
        }

        /**
         * The service's Prometheus scrape ({@code GET /q/metrics}), label sets in one shape: Prometheus' text format
         * 0.0.4 ends them with {@code ",}"}, OpenMetrics with {@code "}"}.
         */
        public String metrics(String service) {
            URI url = stack.service(service).baseUri().resolve("/q/metrics");
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new AssertionError("GET " + url + " answered " + response.statusCode() + ": " + response.body());
                }
                return response.body().replace(",}", "}");
            } catch (IOException e) {
                throw new UncheckedIOException("GET " + url, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: GET " + url, e);
            }
        }

        @Override
        public void close() {
            stack.close();
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Running.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, key -> start(), Running.class);
    }

    private static Running start() {
        Map<String, String> env = Map.of(
                "LOCAL_FIXED_PORTS", "false",
                "LOCAL_STACK_EXIT_AFTER_DEMO", "true",
                "LOCAL_STACK_DIR", Path.of("target", "local-stack-shared").toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Stack stack = new Stack(StackSettings.fromEnvironment(env), new Progress(out));
        try {
            stack.start();
            Demo.Answers answers = new Demo(stack, out).run();
            return new Running(stack, answers, printed.toString(StandardCharsets.UTF_8));
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        } finally {
            System.out.print(printed.toString(StandardCharsets.UTF_8));
        }
    }
}
