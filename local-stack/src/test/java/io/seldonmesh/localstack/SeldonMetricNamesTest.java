package io.seldonmesh.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.seldonmesh.testkit.SeldonSamplePipelines;

/**
 * Seldon's metric names, scraped from the running services' {@code /q/metrics} as Prometheus would: a pipeline request
 * counted by pipeline-gateway under {@code seldon_pipeline_*}, the model calls it caused counted by model-gateway under
 * {@code seldon_model_*}, with Seldon's labels, so Seldon's Grafana dashboards find them.
 */
@ExtendWith(SharedStack.class)
class SeldonMetricNamesTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aPipelineRequestIsCountedUnderSeldonsPipelineAndModelMetrics(SharedStack.Running running) throws Exception {
        String pipelineGateway = running.gateway();
        String pipelineSeries = "seldon_pipeline_infer_total{code=\"200\",method_type=\"rest\",pipeline=\"tfsimples\","
                + "server=\"pipeline-gateway\"}";
        double pipelineBefore = sample(running.metrics("pipeline-gateway"), pipelineSeries);
        double tfsimple1Before = modelCalls(running.metrics("model-gateway"), "tfsimple1");

        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(pipelineGateway + "/v2/pipelines/tfsimples/infer"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(SeldonSamplePipelines.TFSIMPLE_REQUEST)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

        String pipelineMetrics = running.metrics("pipeline-gateway");
        assertThat(sample(pipelineMetrics, pipelineSeries)).as(seldonLines(pipelineMetrics)).isEqualTo(pipelineBefore + 1);
        assertThat(sample(pipelineMetrics, "seldon_pipeline_aggregate_infer_total{method_type=\"rest\","
                + "server=\"pipeline-gateway\"}")).isGreaterThanOrEqualTo(1);
        assertThat(pipelineMetrics).containsPattern("(?m)^seldon_pipeline_infer_api_seconds_bucket\\{code=\"200\","
                        + "method=\"rest\",pipeline=\"tfsimples\",server=\"pipeline-gateway\",le=\"0\\.005\"\\} ")
                .containsPattern("(?m)^seldon_pipeline_infer_seconds_total\\{code=\"200\",method_type=\"rest\","
                        + "pipeline=\"tfsimples\",server=\"pipeline-gateway\"\\} ");

        String modelMetrics = running.metrics("model-gateway");
        assertThat(modelCalls(modelMetrics, "tfsimple1")).as("the pipeline's first step called the model server once\n"
                        + seldonLines(modelMetrics))
                .isEqualTo(tfsimple1Before + 1);
        assertThat(modelMetrics).containsPattern("(?m)^seldon_model_infer_total\\{method_type=\"(grpc|rest)\","
                        + "model=\"iris\",model_internal=\"iris\",server=\"[^\"]+\",server_replica=\"0\"\\} ")
                .containsPattern("(?m)^seldon_model_infer_api_seconds_bucket\\{code=\"(OK|200)\",method=\"(grpc|rest)\","
                        + "server=\"[^\"]+\",server_replica=\"0\",le=\"10\\.0\"\\} ")
                .containsPattern("(?m)^seldon_model_aggregate_infer_seconds_total\\{method_type=\"(grpc|rest)\",");
    }

    private static String seldonLines(String metrics) {
        return String.join("\n", metrics.lines().filter(line -> line.startsWith("seldon_")).toList());
    }

    private static double modelCalls(String metrics, String model) {
        return metrics.lines().filter(line -> line.startsWith("seldon_model_infer_total{")
                        && line.contains("model=\"" + model + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static double sample(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst().orElse(0);
    }
}
