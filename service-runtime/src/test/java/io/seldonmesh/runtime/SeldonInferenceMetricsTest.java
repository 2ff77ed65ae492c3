package io.seldonmesh.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What Prometheus scrapes: Seldon's names, label sets and buckets, as its dashboards query them. */
class SeldonInferenceMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void pipelineRequestsAreCountedTimedAndAggregatedUnderSeldonsNames() {
        SeldonInferenceMetrics metrics = SeldonInferenceMetrics.pipelines(registry);
        metrics.pipelineRequest("tfsimples", SeldonInferenceMetrics.REST, "200", TimeUnit.MILLISECONDS.toNanos(20));
        metrics.pipelineRequest("tfsimples", SeldonInferenceMetrics.REST, "200", TimeUnit.MILLISECONDS.toNanos(40));
        metrics.pipelineRequest("other", SeldonInferenceMetrics.GRPC, "NOT_FOUND", TimeUnit.MILLISECONDS.toNanos(3));

        List<String> scraped = registry.scrape().lines().toList();
        assertThat(sample(scraped, "seldon_pipeline_infer_total{code=\"200\",method_type=\"rest\",pipeline=\"tfsimples\","
                + "server=\"pipeline-gateway\",}")).isEqualTo(2.0);
        assertThat(sample(scraped, "seldon_pipeline_infer_seconds_total{code=\"200\",method_type=\"rest\","
                + "pipeline=\"tfsimples\",server=\"pipeline-gateway\",}")).isCloseTo(0.06, offset(1e-9));
        assertThat(sample(scraped, "seldon_pipeline_aggregate_infer_total{method_type=\"rest\",server=\"pipeline-gateway\",}"))
                .isEqualTo(2.0);
        assertThat(sample(scraped, "seldon_pipeline_aggregate_infer_total{method_type=\"grpc\",server=\"pipeline-gateway\",}"))
                .isEqualTo(1.0);
        assertThat(sample(scraped, "seldon_pipeline_infer_api_seconds_bucket{code=\"200\",method=\"rest\",pipeline=\"tfsimples\","
                + "server=\"pipeline-gateway\",le=\"0.025\",}")).isEqualTo(1.0);
        assertThat(sample(scraped, "seldon_pipeline_infer_api_seconds_bucket{code=\"200\",method=\"rest\",pipeline=\"tfsimples\","
                + "server=\"pipeline-gateway\",le=\"0.05\",}")).isEqualTo(2.0);
        assertThat(sample(scraped, "seldon_pipeline_infer_api_seconds_count{code=\"NOT_FOUND\",method=\"grpc\",pipeline=\"other\","
                + "server=\"pipeline-gateway\",}")).isEqualTo(1.0);
        assertThat(scraped).filteredOn(line -> line.startsWith("seldon_pipeline_infer_api_seconds_bucket{code=\"200\""))
                .extracting(line -> line.replaceAll(".*le=\"([^\"]+)\".*", "$1"))
                .containsExactly("0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5",
                        "5.0", "7.5", "10.0", "+Inf");
    }

    @Test
    void modelCallsCarryServerReplicaAndInternalNameButTheHistogramNoModel() {
        SeldonInferenceMetrics metrics = SeldonInferenceMetrics.models(registry);
        metrics.modelCall("http://127.0.0.1:9500", "iris", SeldonInferenceMetrics.REST, "200", TimeUnit.MILLISECONDS.toNanos(2));

        List<String> scraped = registry.scrape().lines().toList();
        assertThat(sample(scraped, "seldon_model_infer_total{method_type=\"rest\",model=\"iris\",model_internal=\"iris\","
                + "server=\"http://127.0.0.1:9500\",server_replica=\"0\",}")).isEqualTo(1.0);
        assertThat(sample(scraped, "seldon_model_aggregate_infer_seconds_total{method_type=\"rest\","
                + "server=\"http://127.0.0.1:9500\",server_replica=\"0\",}")).isCloseTo(0.002, offset(1e-9));
        assertThat(sample(scraped, "seldon_model_infer_api_seconds_bucket{code=\"200\",method=\"rest\","
                + "server=\"http://127.0.0.1:9500\",server_replica=\"0\",le=\"0.005\",}")).isEqualTo(1.0);
    }

    @Test
    void aFamilyRefusesTheOthersRecords() {
        assertThatThrownBy(() -> SeldonInferenceMetrics.models(registry).pipelineRequest("p", "rest", "200", 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("model metrics, not its pipeline metrics");
    }

    private static double sample(List<String> scraped, String series) {
        return scraped.stream().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + series + " in:\n"
                        + String.join("\n", scraped.stream().filter(line -> line.startsWith("seldon_")).toList())));
    }
}
