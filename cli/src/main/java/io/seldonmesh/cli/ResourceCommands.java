package io.seldonmesh.cli;

import picocli.CommandLine.ParentCommand;

/**
 * {@code seldon model} and {@code seldon pipeline}: the subcommands both have ({@code load}, {@code unload},
 * {@code status}, {@code list}, {@code infer}) are one class each and learn from this parent which kind they act on.
 */
abstract class ResourceCommands {

    @ParentCommand
    private SeldonCli root;

    abstract ResourceKind kind();

    SeldonCli root() {
        return root;
    }
}
