package io.seldonmesh.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Declare a Model or Pipeline from a YAML or JSON resource (PUT /v1/<kind>s/<name>); the file is"
                + " validated first.")
final class LoadCommand extends ResourceCommand implements Callable<Integer> {

    @Option(names = {"-f", "--file-path"}, required = true, paramLabel = "FILE",
            description = "the mlops.seldon.io/v1alpha1 resource")
    Path file;

    @Override
    public Integer call() {
        ResourceFile resource = ResourceFile.read(file, kind());
        GatewayAnswer answer = gateway().put(kind().resourcePath(resource.name()), resource.document(),
                resource.contentType()).requireOk();
        if (json()) {
            printJson(answer.json());
        } else {
            out().println(kind().noun() + " '" + resource.name() + "' " + (answer.status() == 201 ? "created" : "replaced")
                    + " (see it with: seldon " + kind().noun() + " status " + resource.name() + ")");
        }
        return ExitCodes.OK;
    }
}
