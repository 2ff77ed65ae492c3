package io.seldonmesh.cli;

import picocli.CommandLine.Command;

@Command(name = "model", mixinStandardHelpOptions = true, description = "Load, unload, watch, list, call and upload Models.",
        subcommands = {LoadCommand.class, UnloadCommand.class, StatusCommand.class, ListCommand.class,
            InferCommand.class, UploadCommand.class})
final class ModelCommands extends ResourceCommands {

    @Override
    ResourceKind kind() {
        return ResourceKind.MODEL;
    }
}
