package io.seldonmesh.common.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.seldonmesh.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reading status and credential records, with errors that say which record failed and why. */
final class StatusJson {

    private StatusJson() {
    }

    /**
     * @throws IllegalArgumentException naming the record type, the problem and the start of the value
     */
    static <T> T read(byte[] json, Class<T> type) {
        if (json == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " record has no value (a tombstone?)");
        }
        try {
            T value = Json.json().readValue(json, type);
            if (value == null) {
                throw new IllegalArgumentException(type.getSimpleName() + " record is JSON null");
            }
            return value;
        } catch (ValueInstantiationException e) {
            // The record's own check failed; its message already says what is expected.
            String reason = e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage();
            throw new IllegalArgumentException(type.getSimpleName() + " record is not valid: " + reason
                    + "; value was: " + preview(json), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(type.getSimpleName() + " record is not valid: " + e.getOriginalMessage()
                    + "; value was: " + preview(json), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String preview(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
