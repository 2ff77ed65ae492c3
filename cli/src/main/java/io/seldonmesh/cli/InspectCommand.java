package io.seldonmesh.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seldonmesh.common.json.Json;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import io.seldonmesh.common.spec.InvalidSpecException;
import io.seldonmesh.common.spec.Pipeline;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show the last records of each of a pipeline's topics (its inputs, every step's model inputs and"
                + " outputs, its outputs, errors), read from Kafka without a consumer group; with --request-id only"
                + " that request's records.")
final class InspectCommand extends ResourceCommand implements Callable<Integer> {

    private static final int PAYLOAD_LENGTH = 160;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--request-id", paramLabel = "ID", description = "the request id infer printed (the record key's last part)")
    String requestId;

    @Option(names = "--last", paramLabel = "N", defaultValue = "100",
            description = "how many of the newest records of each partition to look at (default ${DEFAULT-VALUE});"
                    + " without --request-id the newest 5 of them are shown")
    int last;

    @Mixin
    KafkaOptions kafkaOptions;

    @Override
    public Integer call() {
        if (last < 1) {
            throw CliFailure.badInput("--last " + last + ": give at least 1");
        }
        Pipeline pipeline = declaredPipeline();
        KafkaClientFactory kafka = kafkaOptions.clientFactory(root().environment());
        ArrayNode report = Json.json().createArrayNode();
        try (TopicTail tail = new TopicTail(kafka)) {
            for (StepTopics.StepTopic step : StepTopics.of(pipeline, KafkaOptions.topicNames(kafka))) {
                Optional<List<InspectedRecord>> records = tail.last(step.topic(), last)
                        .map(found -> found.stream().map(InspectedRecord::of).filter(this::shown).toList());
                if (json()) {
                    report.add(toJson(step, records));
                } else {
                    printHuman(step, records);
                }
            }
        }
        if (json()) {
            printJson(report);
        }
        return ExitCodes.OK;
    }

    /** The spec the gateway holds: its steps name the topics. */
    private Pipeline declaredPipeline() {
        ObjectNode resource = (ObjectNode) gateway().get(kind().resourcePath(name)).requireOk().json();
        resource.remove("status");
        try {
            return Pipeline.parse(resource.toString());
        } catch (InvalidSpecException e) {
            throw CliFailure.refused("the gateway's pipeline '" + name + "' does not read as a Pipeline: " + e.getMessage());
        }
    }

    private boolean shown(InspectedRecord record) {
        return requestId == null || record.belongsTo(requestId);
    }

    private List<InspectedRecord> newest(List<InspectedRecord> records) {
        return requestId != null ? records : records.subList(Math.max(0, records.size() - 5), records.size());
    }

    private void printHuman(StepTopics.StepTopic step, Optional<List<InspectedRecord>> records) {
        out().println(step.role() + ": " + step.topic());
        if (records.isEmpty()) {
            out().println("  (topic does not exist)");
        } else if (records.get().isEmpty()) {
            out().println("  (no record" + (requestId == null ? "" : " of request " + requestId) + " among the last "
                    + last + " of each partition)");
        } else {
            newest(records.get()).forEach(r -> r.humanLines(PAYLOAD_LENGTH).forEach(line -> out().println("  " + line)));
        }
    }

    private ObjectNode toJson(StepTopics.StepTopic step, Optional<List<InspectedRecord>> records) {
        ObjectNode json = Json.json().createObjectNode();
        json.put("role", step.role()).put("topic", step.topic()).put("exists", records.isPresent());
        ArrayNode found = json.putArray("records");
        records.ifPresent(list -> newest(list).forEach(r -> found.add(r.toJson())));
        return json;
    }
}
