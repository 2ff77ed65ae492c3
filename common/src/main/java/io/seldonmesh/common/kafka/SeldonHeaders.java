package io.seldonmesh.common.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The Kafka record headers Seldon Core 2 reads and writes, and the one way to carry a request's
 * {@code x-*} headers from record to record.
 */
public final class SeldonHeaders {

    /** The request id; also the HTTP/gRPC header clients send. */
    public static final String REQUEST_ID = "x-request-id";
    /** The pipeline (or model) a request entered through. */
    public static final String PIPELINE = "pipeline";
    /** The pipeline version a dataflow record belongs to. */
    public static final String PIPELINE_VERSION = "x-pipeline-version";
    /** Present on records of the errors topic; its value names the model that failed. */
    public static final String PIPELINE_ERRORS = "seldon-pipeline-errors";
    /** How the value is encoded; values in {@link InferType}. Absent means protobuf (or sniffed). */
    public static final String INFER_TYPE = "seldon-infer-type";
    /** HTTP header that selects a model (or {@code <name>.pipeline}) at Seldon's ingress. */
    public static final String MODEL = "seldon-model";
    /** Trail of {@code :<model>_<version>:} hops a request went through. */
    public static final String ROUTE = "x-seldon-route";
    /** Headers with this prefix belong to the caller and travel with the request end to end. */
    public static final String EXTERNAL_PREFIX = "x-";

    /**
     * Set by Alibi detect/explain runtimes on their responses; Seldon's dataflow drops them so they
     * do not leak into the next step's request.
     */
    public static final Set<String> NOT_FORWARDED_BETWEEN_STEPS = Set.of("x-seldon-alibi-type", "x-seldon-alibi-method");

    private SeldonHeaders() {
    }

    /** True for caller headers ({@code x-*}, any case) that travel with a request. */
    public static boolean isExternal(String key) {
        return key != null && key.toLowerCase(Locale.ROOT).startsWith(EXTERNAL_PREFIX);
    }

    /**
     * Appends every {@code x-*} header of {@code from} to {@code to}, keys lower-cased (HTTP may have
     * capitalised them) and values untouched, repeated headers kept in order.
     */
    public static Headers copyExternal(Headers from, Headers to) {
        for (Header header : from) {
            if (isExternal(header.key())) {
                to.add(header.key().toLowerCase(Locale.ROOT), header.value());
            }
        }
        return to;
    }

    /** A new header set holding only the {@code x-*} headers of {@code from}. */
    public static Headers external(Headers from) {
        return copyExternal(from, new RecordHeaders());
    }

    /** The last value of a header as UTF-8 text; Kafka allows repeats and the last one wins. */
    public static Optional<String> lastValue(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        return Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    public static Optional<String> requestId(Headers headers) {
        return lastValue(headers, REQUEST_ID).filter(id -> !id.isEmpty());
    }

    /** Replaces any value of {@code key} with one UTF-8 value. */
    public static Headers put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
