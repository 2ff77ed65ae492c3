package io.seldonmesh.common.kafka;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A failed request as it appears on {@code <prefix>.<namespace>.errors.errors}: the one place
 * such records are built and read.
 *
 * <p>The value is UTF-8 text meant for a person reading the topic with any console consumer:
 * a summary line, then {@code field: value} lines ({@code model}, {@code request-id},
 * {@code status}, {@code message}, {@code what-to-do}). {@link #parse} reads those fields back,
 * and also accepts the bare error text Seldon Core 2 itself writes.
 *
 * @param model the model (pipeline step) that failed; also the {@value SeldonHeaders#PIPELINE_ERRORS} header
 * @param requestId the request id, or null when the request carried none
 * @param status a short outcome code: the model server's HTTP/gRPC status ({@code 400},
 *     {@code INVALID_ARGUMENT}) or a name of ours ({@code TIMEOUT}, {@code MESSAGE_TOO_LARGE}); may be null
 * @param message why it failed
 * @param action what the reader can do about it; may be null
 */
public record ErrorRecord(String model, String requestId, String status, String message, String action) {

    /** Model servers can answer with whole HTML pages; the errors topic gets the start of them. */
    public static final int MAX_MESSAGE_CHARS = 8192;

    private static final String MODEL = "model";
    private static final String REQUEST_ID = "request-id";
    private static final String STATUS = "status";
    private static final String MESSAGE = "message";
    private static final String ACTION = "what-to-do";

    public ErrorRecord {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("an error record must name the model that failed");
        }
        Objects.requireNonNull(message, "message");
        message = truncate(message);
    }

    /**
     * The record for the errors topic: {@code key} is the request's key (so the error lands next to
     * the request it answers), the request's headers are kept except its payload type, and
     * {@value SeldonHeaders#PIPELINE_ERRORS} names the model.
     *
     * @param partition the partition to write to, or null to let the key choose
     */
    public ProducerRecord<byte[], byte[]> toRecord(String errorsTopic, Integer partition, byte[] key,
                                                   Headers requestHeaders) {
        Headers headers = new RecordHeaders();
        if (requestHeaders != null) {
            for (Header header : requestHeaders) {
                // The value is text now, whatever the request was; a stale type would mislead readers.
                if (!header.key().equals(SeldonHeaders.INFER_TYPE) && !header.key().equals(SeldonHeaders.PIPELINE_ERRORS)) {
                    headers.add(header.key(), header.value());
                }
            }
        }
        if (requestId != null && SeldonHeaders.requestId(headers).isEmpty()) {
            SeldonHeaders.put(headers, SeldonHeaders.REQUEST_ID, requestId);
        }
        SeldonHeaders.put(headers, SeldonHeaders.PIPELINE_ERRORS, model);
        return new ProducerRecord<>(errorsTopic, partition, key, text().getBytes(StandardCharsets.UTF_8), headers);
    }

    /** The record value. */
    public String text() {
        StringBuilder text = new StringBuilder("model '").append(model).append("' failed");
        if (requestId != null) {
            text.append(" for request '").append(requestId).append('\'');
        }
        text.append(status == null ? "" : " (" + status + ")").append(": ").append(oneLine(message)).append('\n');
        field(text, MODEL, model);
        field(text, REQUEST_ID, requestId);
        field(text, STATUS, status);
        field(text, MESSAGE, message);
        field(text, ACTION, action);
        return text.toString();
    }

    /** Reads a record of the errors topic, ours or Seldon Core 2's. */
    public static ErrorRecord parse(ConsumerRecord<byte[], byte[]> record) {
        return parse(record.key(), record.headers(), record.value());
    }

    /**
     * @throws IllegalArgumentException when nothing names the failed model (no
     *     {@value SeldonHeaders#PIPELINE_ERRORS} header and no {@code model:} line)
     */
    public static ErrorRecord parse(byte[] key, Headers headers, byte[] value) {
        String text = value == null ? "" : new String(value, StandardCharsets.UTF_8);
        Map<String, String> fields = fields(text);
        String model = Optional.ofNullable(fields.get(MODEL))
                .or(() -> SeldonHeaders.lastValue(headers, SeldonHeaders.PIPELINE_ERRORS).filter(m -> !m.isBlank()))
                .orElseThrow(() -> new IllegalArgumentException("error record names no model: it has no "
                        + SeldonHeaders.PIPELINE_ERRORS + " header and no 'model:' line; text was: " + truncate(text)));
        String requestId = Optional.ofNullable(fields.get(REQUEST_ID))
                .or(() -> SeldonHeaders.requestId(headers))
                .or(() -> RequestKey.tryParse(key).map(RequestKey::requestId))
                .orElse(null);
        String message = fields.getOrDefault(MESSAGE, text.strip());
        return new ErrorRecord(model, requestId, fields.get(STATUS), message, fields.get(ACTION));
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(": ");
            if (colon > 0) {
                String name = lines[i].substring(0, colon);
                if (name.equals(MODEL) || name.equals(REQUEST_ID) || name.equals(STATUS) || name.equals(MESSAGE)
                        || name.equals(ACTION)) {
                    fields.put(name, lines[i].substring(colon + 2));
                }
            }
        }
        return fields;
    }

    private static void field(StringBuilder text, String name, String value) {
        if (value != null) {
            text.append(name).append(": ").append(oneLine(value)).append('\n');
        }
    }

    private static String oneLine(String value) {
        return value.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static String truncate(String message) {
        if (message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_CHARS) + " ... (" + (message.length() - MAX_MESSAGE_CHARS)
                + " more characters)";
    }
}
