package io.seldonmesh.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code seldon}: models and pipelines through pipeline-gateway's control and inference APIs, with the habits of
 * Seldon Core 2's own CLI. The options here hold for every subcommand and may be given before or after it; their
 * defaults come from the environment this command was given (the process's, or a test's).
 */
@Command(name = "seldon", mixinStandardHelpOptions = true, version = "seldon (seldon-mesh-kafka) 0.1.0",
        description = "Declare, watch, call and inspect Seldon Models and Pipelines on pipeline-gateway.",
        subcommands = {ModelCommands.class, PipelineCommands.class},
        footer = {
            "",
            "Environment: SELDON_GATEWAY, SELDON_TOKEN; for pipeline inspect",
            "KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:9092), SELDON_TOPIC_PREFIX,",
            "SELDON_NAMESPACE and Seldon's other KAFKA_* variables; for model upload",
            "LOCAL_STACK_DIR (where ./run-local keeps its secrets)."})
public final class SeldonCli {

    static final String DEFAULT_GATEWAY = "http://127.0.0.1:9010";

    @Option(names = "--gateway", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "pipeline-gateway's HTTP address (env SELDON_GATEWAY, default " + DEFAULT_GATEWAY + ")")
    String gateway;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            description = "bearer token for the gateway (env SELDON_TOKEN); the control API may require the deployer role")
    String token;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
            description = "human (default: aligned tables) or json (for scripts)")
    OutputFormat output = OutputFormat.HUMAN;

    private final Map<String, String> environment;

    public SeldonCli(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(System.getenv(), out, err, args));
    }

    /** Runs one command line and returns its exit code ({@link ExitCodes}); nothing is thrown. */
    public static int run(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(environment);
        commandLine.setOut(out);
        commandLine.setErr(err);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command tree with this environment, the exit codes and the error printing of {@link #run}. */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new SeldonCli(environment));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        withExitCodesInHelp(commandLine);
        commandLine.setExecutionExceptionHandler((e, failed, parsed) -> {
            PrintWriter err = failed.getErr();
            if (e instanceof CliFailure failure) {
                err.println("seldon: " + failure.getMessage());
                return failure.exitCode();
            }
            err.println("seldon: " + e);
            return ExitCodes.REFUSED;
        });
        return commandLine;
    }

    private static void withExitCodesInHelp(CommandLine command) {
        UsageMessageSpec usage = command.getCommandSpec().usageMessage();
        usage.footer(Stream.concat(Arrays.stream(usage.footer()), Arrays.stream(ExitCodes.HELP_FOOTER))
                .toArray(String[]::new));
        command.getSubcommands().values().forEach(SeldonCli::withExitCodesInHelp);
    }

    public Map<String, String> environment() {
        return environment;
    }

    public OutputFormat output() {
        return output;
    }

    public GatewayClient gatewayClient() {
        String address = gateway != null ? gateway : environment.getOrDefault("SELDON_GATEWAY", DEFAULT_GATEWAY);
        String bearer = token != null ? token : environment.get("SELDON_TOKEN");
        return new GatewayClient(gatewayUri(address), Optional.ofNullable(bearer).filter(t -> !t.isBlank()));
    }

    private static URI gatewayUri(String address) {
        try {
            URI uri = URI.create(address.replaceAll("/+$", ""));
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below, with what is expected
        }
        throw CliFailure.badInput("--gateway '" + address + "' is not an http(s) URL: expected e.g. " + DEFAULT_GATEWAY);
    }
}
