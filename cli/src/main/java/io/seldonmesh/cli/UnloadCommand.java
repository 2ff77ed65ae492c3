package io.seldonmesh.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "unload", mixinStandardHelpOptions = true,
        description = "Delete a Model or Pipeline (DELETE /v1/<kind>s/<name>), named or given by its file.")
final class UnloadCommand extends ResourceCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "NAME")
    String name;

    @Option(names = {"-f", "--file-path"}, paramLabel = "FILE", description = "the resource file it was loaded from")
    Path file;

    @Override
    public Integer call() {
        if ((name == null) == (file == null)) {
            throw CliFailure.badInput("give the " + kind().noun() + "'s name or its file (-f), one of them");
        }
        String target = name != null ? name : ResourceFile.read(file, kind()).name();
        GatewayAnswer answer = gateway().delete(kind().resourcePath(target)).requireOk();
        if (json()) {
            printJson(answer.json());
        } else {
            out().println(kind().noun() + " '" + target + "' unloaded");
        }
        return ExitCodes.OK;
    }
}
