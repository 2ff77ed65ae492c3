package io.seldonmesh.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.seldonmesh.common.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StatusSummaryTest {

    @Test
    void modelSummaryJoinsItsReplicas() throws IOException {
        JsonNode model = Json.json().readTree("""
                {"metadata": {"name": "iris"}, "status": {"ready": false, "reason": "no replica is Available",
                 "replicas": {"mlserver-0": {"state": "LoadFailed", "version": "2", "reason": "requirement gpu"},
                              "mlserver-1": {"state": "Loading", "version": "2"}}}}
                """);

        StatusSummary summary = StatusSummary.of(ResourceKind.MODEL, model);

        assertThat(summary).isEqualTo(new StatusSummary("iris", false, "LoadFailed, Loading", "2",
                "no replica is Available, requirement gpu"));
    }

    @Test
    void pipelineSummaryReadsItsStatusRecord() throws IOException {
        JsonNode pipeline = Json.json().readTree("""
                {"metadata": {"name": "tfsimples"}, "status": {"ready": true,
                 "pipeline": {"state": "Ready", "version": 3, "updatedAt": "2026-12-07T10:00:00Z"}}}
                """);

        assertThat(StatusSummary.of(ResourceKind.PIPELINE, pipeline))
                .isEqualTo(new StatusSummary("tfsimples", true, "Ready", "3", "-"));
    }

    @Test
    void tableAlignsColumnsWithoutTrailingSpaces() {
        StringWriter text = new StringWriter();

        new Table(StatusSummary.COLUMNS)
                .row(new StatusSummary("iris", true, "Available", "1", "-").cells())
                .row(new StatusSummary("my-add10", false, "Loading", "-", "downloading").cells())
                .print(new PrintWriter(text, true));

        assertThat(text.toString().lines()).containsExactly(
                "NAME      READY  STATE      VERSION  REASON",
                "iris      true   Available  1        -",
                "my-add10  false  Loading    -        downloading");
    }
}
