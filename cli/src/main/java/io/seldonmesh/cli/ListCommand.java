package io.seldonmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the declared Models or Pipelines with their status (GET /v1/<kind>s).")
final class ListCommand extends ResourceCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        JsonNode all = gateway().get(kind().collectionPath()).requireOk().json();
        if (json()) {
            printJson(all);
        } else if (all.isEmpty()) {
            out().println("no " + kind().noun() + "s declared");
        } else {
            Table table = new Table(StatusSummary.COLUMNS);
            all.forEach(resource -> table.row(StatusSummary.of(kind(), resource).cells()));
            table.print(out());
        }
        return ExitCodes.OK;
    }
}
