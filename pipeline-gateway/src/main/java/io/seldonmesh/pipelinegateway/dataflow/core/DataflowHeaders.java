package io.seldonmesh.pipelinegateway.dataflow.core;

import io.seldonmesh.common.kafka.InferType;
import io.seldonmesh.common.kafka.SeldonHeaders;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a record a stage writes. They start from the first record that arrived for the request (its
 * {@code x-request-id}, the caller's {@code x-*}); {@code pipeline} and {@code x-pipeline-version} name this pipeline
 * version; the {@code x-seldon-route} trail keeps the hops of every joined branch in order of arrival, each once;
 * headers the Alibi runtimes set on their answers are dropped, as Seldon does.
 */
public final class DataflowHeaders {

    /**
     * How the request entered the pipeline ({@code json} when as V2 JSON): the dataflow writes protobuf between
     * steps, and the pipeline's answer mirrors the request, as a model's answer does. Not an {@code x-} header, so it
     * never reaches a REST or gRPC caller.
     */
    public static final String ENTRY_ENCODING = "seldon-pipeline-encoding";
    static final String JSON = "json";

    private static final Set<String> REPLACED = Set.of(SeldonHeaders.PIPELINE, SeldonHeaders.PIPELINE_VERSION,
            SeldonHeaders.INFER_TYPE, SeldonHeaders.PIPELINE_ERRORS, SeldonHeaders.ROUTE);

    private DataflowHeaders() {
    }

    /** @param arrivals the headers of the records the stage takes, in the order they arrived */
    public static Headers forStage(List<Headers> arrivals, String pipeline, String version) {
        Headers headers = new RecordHeaders();
        if (!arrivals.isEmpty()) {
            for (Header header : arrivals.get(0)) {
                if (!REPLACED.contains(header.key()) && !SeldonHeaders.NOT_FORWARDED_BETWEEN_STEPS.contains(header.key())) {
                    headers.add(header.key(), header.value());
                }
            }
        }
        Set<String> hops = new LinkedHashSet<>();
        boolean json = false;
        for (Headers arrival : arrivals) {
            for (Header hop : arrival.headers(SeldonHeaders.ROUTE)) {
                if (hop.value() != null) {
                    hops.add(new String(hop.value(), StandardCharsets.UTF_8));
                }
            }
            json |= enteredAsJson(arrival);
        }
        hops.forEach(hop -> headers.add(SeldonHeaders.ROUTE, hop.getBytes(StandardCharsets.UTF_8)));
        if (json) {
            SeldonHeaders.put(headers, ENTRY_ENCODING, JSON);
        }
        SeldonHeaders.put(headers, SeldonHeaders.PIPELINE, pipeline);
        SeldonHeaders.put(headers, SeldonHeaders.PIPELINE_VERSION, version);
        return headers;
    }

    /** Whether the pipeline's answer is written as V2 JSON: the request that entered the pipeline was. */
    public static boolean answersAsJson(Headers headers) {
        return SeldonHeaders.lastValue(headers, ENTRY_ENCODING).filter(JSON::equals).isPresent();
    }

    private static boolean enteredAsJson(Headers headers) {
        if (answersAsJson(headers)) {
            return true;
        }
        try {
            return InferType.of(headers).map(InferType::isJson).orElse(false);
        } catch (IllegalArgumentException unknownType) {
            return false;
        }
    }
}
