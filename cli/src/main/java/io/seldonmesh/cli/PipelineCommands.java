package io.seldonmesh.cli;

import picocli.CommandLine.Command;

@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Load, unload, watch, list, call and inspect Pipelines.",
        subcommands = {LoadCommand.class, UnloadCommand.class, StatusCommand.class, ListCommand.class,
            InferCommand.class, InspectCommand.class})
final class PipelineCommands extends ResourceCommands {

    @Override
    ResourceKind kind() {
        return ResourceKind.PIPELINE;
    }
}
