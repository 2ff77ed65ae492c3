package io.seldonmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.json.Json;
import io.seldonmesh.common.kafka.SeldonHeaders;
import java.util.List;

/** A successful inference: the V2 response, the request id it went under and the {@code x-seldon-route} trail. */
record InferenceAnswer(JsonNode response, String requestId, List<String> route) {

    static InferenceAnswer of(GatewayAnswer answer, String requestIdSent) {
        String requestId = answer.headers().firstValue(SeldonHeaders.REQUEST_ID).orElse(requestIdSent);
        return new InferenceAnswer(answer.json(), requestId, answer.headers().allValues(SeldonHeaders.ROUTE));
    }

    ObjectNode toJson() {
        ObjectNode json = Json.json().createObjectNode();
        json.put("requestId", requestId);
        route.forEach(json.putArray("route")::add);
        json.set("response", response);
        return json;
    }

    /** The answer on one line, then the id and the route, each on a line of its own. */
    List<String> humanLines() {
        return List.of(response.toString(), "request id: " + requestId,
                "route: " + (route.isEmpty() ? "(none)" : String.join(" -> ", route)));
    }
}
