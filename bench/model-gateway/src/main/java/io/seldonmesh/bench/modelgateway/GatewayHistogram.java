package io.seldonmesh.bench.modelgateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's own view of a request's time, read from its Prometheus endpoint before and after a phase:
 * {@code model_gateway_request_duration} (consumed to its answer acknowledged by the broker: what the end-to-end
 * latency spent inside the gateway, as opposed to on the Kafka hops around it) and, within it,
 * {@code model_gateway_model_call_duration} (the model server call).
 */
final class GatewayHistogram {

    static final String REQUEST = "model_gateway_request_duration";
    static final String MODEL_CALL = "model_gateway_model_call_duration";
    private static final Pattern BUCKET = Pattern.compile(
            "^(\\w+)_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI metrics;

    GatewayHistogram(URI gateway) {
        this.metrics = gateway.resolve("/q/metrics");
    }

    /** Per histogram, the cumulative count per upper bound in seconds (+Inf as infinity). */
    Map<String, Map<Double, Double>> snapshot() {
        try {
            String body = HTTP.send(HttpRequest.newBuilder(metrics).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Map<Double, Double>> histograms = new TreeMap<>();
            Matcher m = BUCKET.matcher(body);
            while (m.find()) {
                double bound = m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
                histograms.computeIfAbsent(m.group(1), name -> new TreeMap<>())
                        .merge(bound, Double.parseDouble(m.group(3)), Double::sum);
            }
            return histograms;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + metrics + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + metrics, e);
        }
    }

    /** The upper bound (ms) of the bucket holding the median of what was recorded between two snapshots. */
    static double p50Millis(Map<String, Map<Double, Double>> beforeAll, Map<String, Map<Double, Double>> afterAll,
                            String histogram) {
        Map<Double, Double> before = beforeAll.getOrDefault(histogram, Map.of());
        Map<Double, Double> after = afterAll.getOrDefault(histogram, Map.of());
        double total = after.getOrDefault(Double.POSITIVE_INFINITY, 0.0)
                - before.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> bucket : after.entrySet()) {
            double count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (count >= total / 2) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.NaN;
    }
}
