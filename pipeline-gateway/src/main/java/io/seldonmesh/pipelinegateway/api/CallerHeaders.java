package io.seldonmesh.pipelinegateway.api;

import io.seldonmesh.common.kafka.SeldonHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The caller's headers that matter here, from HTTP headers or gRPC metadata (both: lower-case names). Of a header
 * sent more than once, the last value counts.
 *
 * @param seldonModel  what names the model or pipeline: {@code seldon-internal-model} when present (set by Seldon's
 *                     Envoy for experiments and mirrors, it takes precedence, as in Seldon's gateways), else
 *                     {@code seldon-model}
 * @param routedBy     the name of the header {@code seldonModel} came from, for messages
 */
record CallerHeaders(Optional<String> requestId, Optional<String> seldonModel, String routedBy, Optional<String> timeout,
                     Map<String, String> external) {

    static final String TIMEOUT = "seldon-timeout";
    static final String INTERNAL_MODEL = "seldon-internal-model";

    /** @param headers every header, by name (any case), values in the order received */
    static CallerHeaders of(Map<String, List<String>> headers) {
        Map<String, String> external = new LinkedHashMap<>();
        Optional<String> requestId = Optional.empty();
        Optional<String> seldonModel = Optional.empty();
        Optional<String> internalModel = Optional.empty();
        Optional<String> timeout = Optional.empty();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getValue() == null || header.getValue().isEmpty()) {
                continue;
            }
            String name = header.getKey().toLowerCase(Locale.ROOT);
            String last = header.getValue().get(header.getValue().size() - 1);
            if (name.equals(SeldonHeaders.REQUEST_ID)) {
                requestId = Optional.of(last.strip()).filter(id -> !id.isEmpty());
            } else if (name.equals(SeldonHeaders.MODEL)) {
                seldonModel = Optional.of(last);
            } else if (name.equals(INTERNAL_MODEL)) {
                internalModel = Optional.of(last).filter(value -> !value.isBlank());
            } else if (name.equals(TIMEOUT)) {
                timeout = Optional.of(last);
            } else if (SeldonHeaders.isExternal(name)) {
                external.put(name, last);
            }
        }
        return internalModel.isPresent()
                ? new CallerHeaders(requestId, internalModel, INTERNAL_MODEL, timeout, external)
                : new CallerHeaders(requestId, seldonModel, SeldonHeaders.MODEL, timeout, external);
    }
}
