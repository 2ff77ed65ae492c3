package io.seldonmesh.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * deploy/grafana's dashboard queries series the services really expose: every metric a panel names is in a scrape of
 * the running local stack's services (after its demo), or is one of the few that appear only after their first event.
 */
@ExtendWith(SharedStack.class)
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "seldon-mesh-kafka.json");
    private static final Pattern METRIC = Pattern.compile("([a-z_][a-z0-9_]*)\\{namespace=~\"\\$namespace\"}");
    private static final List<String> SERVICES = List.of("pipeline-gateway", "model-gateway", "model-fetcher", "secret-sync");
    /** Counters Micrometer registers at their first increment, each with the event it waits for. */
    private static final Map<String, String> AFTER_FIRST_EVENT = Map.of(
            "seldon_gateway_timeouts_total", "a request timing out",
            "model_gateway_requests_failed_total", "an error record (its status is a label)");

    @Test
    void everyPanelQueriesSeriesTheServicesExpose(SharedStack.Running running) throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Set<String> queried = new TreeSet<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel ids are unique: " + panel.path("title")).isTrue();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = METRIC.matcher(target.path("expr").asText());
                int found = 0;
                while (metric.find()) {
                    queried.add(metric.group(1));
                    found++;
                }
                assertThat(found).as("a metric filtered by $namespace in " + target.path("expr")).isPositive();
            }
        }
        assertThat(queried).as("the dashboard covers every service").anyMatch(name -> name.startsWith("seldon_gateway_"))
                .anyMatch(name -> name.startsWith("seldon_dataflow_")).anyMatch(name -> name.startsWith("model_gateway_"))
                .anyMatch(name -> name.startsWith("model_fetcher_")).anyMatch(name -> name.startsWith("secret_sync_"));
        assertThat(queried).as("every metric allowed to be absent is one the dashboard queries")
                .containsAll(AFTER_FIRST_EVENT.keySet());

        Set<String> exposed = new HashSet<>();
        for (String service : SERVICES) {
            String scrape = running.metrics(service);
            scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(exposed::add);
        }
        List<String> missing = new ArrayList<>();
        for (String name : queried) {
            if (!exposed.contains(name) && !AFTER_FIRST_EVENT.containsKey(name)) {
                missing.add(name);
            }
        }
        assertThat(missing).as("metrics the dashboard queries that no service exposes; exposed: "
                + new TreeSet<>(exposed)).isEmpty();
    }
}
