package io.seldonmesh.cli;

import io.seldonmesh.common.kafka.RequestKey;
import io.seldonmesh.common.kafka.SeldonHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Send a V2 inference request (POST /v2/<kind>s/<name>/infer) and print the answer, its request id"
                + " and its x-seldon-route trail.")
final class InferCommand extends ResourceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "JSON", description = "the V2 request, e.g. '{\"inputs\":[...]}'")
    String inline;

    @Option(names = {"-i", "--input-file"}, paramLabel = "FILE", description = "read the V2 request from a file")
    Path file;

    @Option(names = "--request-id", paramLabel = "ID", description = "the x-request-id to send (default: a new UUID)")
    String requestId;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "90",
            description = "how long to wait for the answer (default ${DEFAULT-VALUE} s; the gateway's own timeout is"
                    + " 60 s unless configured); exit 4 when it runs out")
    int timeoutSeconds;

    @Override
    public Integer call() {
        String body = InferenceRequest.from(inline, file);
        String id = requestId != null ? requestId : UUID.randomUUID().toString();
        try {
            new RequestKey(0, name, id.isBlank() ? "" : id);
        } catch (IllegalArgumentException e) {
            // the gateway would replace an id it cannot put in a record key, and inspect would not find it
            throw CliFailure.badInput("--request-id '" + id + "': " + e.getMessage());
        }
        GatewayAnswer answer = gateway().post(kind().inferPath(name), body, Map.of(SeldonHeaders.REQUEST_ID, id),
                Duration.ofSeconds(Math.max(1, timeoutSeconds))).requireOk();
        InferenceAnswer result = InferenceAnswer.of(answer, id);
        if (json()) {
            printJson(result.toJson());
        } else {
            result.humanLines().forEach(out()::println);
        }
        return ExitCodes.OK;
    }
}
