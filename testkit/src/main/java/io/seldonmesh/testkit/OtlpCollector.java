package io.seldonmesh.testkit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector in the test's JVM: receives OTLP/HTTP trace exports ({@code http/protobuf}) on 127.0.0.1
 * and keeps every span, so a test can check the traces services export for real. The messages are read field by field
 * (OTLP's field numbers) rather than through generated classes.
 */
public final class OtlpCollector implements AutoCloseable {

    /** One exported span, as much of it as tests look at. Ids are lower-case hex; no parent is "". */
    public record CollectedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                                Kind kind, Map<String, String> attributes) {
    }

    public enum Kind { UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER }

    private final HttpServer server;
    private final List<CollectedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    private OtlpCollector(HttpServer server) {
        this.server = server;
    }

    public static OtlpCollector start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(FreePort.LOOPBACK), 0), 0);
            OtlpCollector collector = new OtlpCollector(server);
            server.createContext("/", collector::receive);
            server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "otlp-collector");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return collector;
        } catch (IOException e) {
            throw new UncheckedIOException("the OTLP collector could not listen on 127.0.0.1", e);
        }
    }

    /** The base URL exporters are given ({@code OTEL_EXPORTER_OTLP_ENDPOINT}); traces arrive on {@code /v1/traces}. */
    public String endpoint() {
        return "http://" + FreePort.LOOPBACK + ":" + server.getAddress().getPort();
    }

    public List<CollectedSpan> spans() {
        return List.copyOf(spans);
    }

    public List<CollectedSpan> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** Exports that could not be read (a test should expect none). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Waits up to {@code timeout} for the spans to satisfy {@code done}; returns them either way. */
    public List<CollectedSpan> awaitSpans(Duration timeout, Predicate<List<CollectedSpan>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(spans()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return spans();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            try {
                read(body);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                problems.add(exchange.getRequestURI() + ": " + e);
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    // ExportTraceServiceRequest{1: ResourceSpans{1: Resource{1: KeyValue}, 2: ScopeSpans{2: Span}}}
    private void read(byte[] export) throws InvalidProtocolBufferException {
        for (ByteString resourceSpans : messages(UnknownFieldSet.parseFrom(export), 1)) {
            UnknownFieldSet resourceSpan = UnknownFieldSet.parseFrom(resourceSpans);
            Map<String, String> resource = new LinkedHashMap<>();
            for (ByteString bytes : messages(resourceSpan, 1)) {
                resource.putAll(attributes(UnknownFieldSet.parseFrom(bytes), 1));
            }
            String service = resource.getOrDefault("service.name", "");
            for (ByteString scopeSpans : messages(resourceSpan, 2)) {
                for (ByteString span : messages(UnknownFieldSet.parseFrom(scopeSpans), 2)) {
                    spans.add(span(service, UnknownFieldSet.parseFrom(span)));
                }
            }
        }
    }

    // Span{1: trace_id, 2: span_id, 4: parent_span_id, 5: name, 6: kind, 9: attributes}
    private static CollectedSpan span(String service, UnknownFieldSet span) throws InvalidProtocolBufferException {
        long kind = span.hasField(6) && !span.getField(6).getVarintList().isEmpty()
                ? span.getField(6).getVarintList().get(0) : 0;
        return new CollectedSpan(service, hex(span, 1), hex(span, 2), hex(span, 4), text(span, 5),
                Kind.values()[(int) Math.min(kind, Kind.values().length - 1)], attributes(span, 9));
    }

    // KeyValue{1: key, 2: AnyValue{1: string_value, 2: bool, 3: int, 4: double}}
    private static Map<String, String> attributes(UnknownFieldSet message, int field)
            throws InvalidProtocolBufferException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (ByteString keyValue : messages(message, field)) {
            UnknownFieldSet pair = UnknownFieldSet.parseFrom(keyValue);
            List<ByteString> values = messages(pair, 2);
            String value = "";
            if (!values.isEmpty()) {
                UnknownFieldSet any = UnknownFieldSet.parseFrom(values.get(0));
                value = any.hasField(1) ? text(any, 1)
                        : any.hasField(3) ? String.valueOf(any.getField(3).getVarintList().get(0))
                        : any.hasField(2) ? String.valueOf(any.getField(2).getVarintList().get(0) != 0) : "";
            }
            attributes.put(text(pair, 1), value);
        }
        return attributes;
    }

    private static List<ByteString> messages(UnknownFieldSet message, int field) {
        return message.hasField(field) ? message.getField(field).getLengthDelimitedList() : List.of();
    }

    private static String text(UnknownFieldSet message, int field) {
        List<ByteString> values = messages(message, field);
        return values.isEmpty() ? "" : values.get(0).toStringUtf8();
    }

    private static String hex(UnknownFieldSet message, int field) {
        List<ByteString> values = messages(message, field);
        return values.isEmpty() ? "" : HexFormat.of().formatHex(values.get(0).toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
