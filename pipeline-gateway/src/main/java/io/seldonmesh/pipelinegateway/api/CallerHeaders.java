package io.seldonmesh.pipelinegateway.api;

import io.seldonmesh.common.kafka.SeldonHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The caller's headers that matter here, from HTTP headers or gRPC metadata (both: lower-case names). */
record CallerHeaders(Optional<String> requestId, Optional<String> seldonModel, Optional<String> timeout,
                     Map<String, String> external) {

    static final String TIMEOUT = "seldon-timeout";

    /** @param headers every header, by name (any case), values in the order received */
    static CallerHeaders of(Map<String, List<String>> headers) {
        Map<String, String> external = new LinkedHashMap<>();
        Optional<String> requestId = Optional.empty();
        Optional<String> seldonModel = Optional.empty();
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
            } else if (name.equals(TIMEOUT)) {
                timeout = Optional.of(last);
            } else if (SeldonHeaders.isExternal(name)) {
                external.put(name, last);
            }
        }
        return new CallerHeaders(requestId, seldonModel, timeout, external);
    }
}
