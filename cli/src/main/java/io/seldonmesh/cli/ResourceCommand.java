package io.seldonmesh.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.seldonmesh.common.json.Json;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A leaf command under {@code model} or {@code pipeline}: its kind, the gateway, and where it prints. */
abstract class ResourceCommand {

    @ParentCommand
    private ResourceCommands group;

    @Spec
    private CommandSpec spec;

    ResourceKind kind() {
        return group.kind();
    }

    SeldonCli root() {
        return group.root();
    }

    GatewayClient gateway() {
        return root().gatewayClient();
    }

    boolean json() {
        return root().output() == OutputFormat.JSON;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void printJson(JsonNode node) {
        try {
            out().println(Json.json().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree read from JSON always writes back", e);
        }
    }
}
