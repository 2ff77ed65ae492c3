package io.seldonmesh.common.doctor;

import io.seldonmesh.common.config.InvalidSettingException;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Connectivity check for a Seldon Kafka configuration, layer by layer, the way one debugs it by hand: settings, DNS,
 * TCP, TLS, authentication, cluster, and the access the service needs (its ACLs). It prints one line per layer with OK, WARN or FAIL and, when something is wrong,
 * what to change; layers above a failure are skipped. Run it in the pod with the service's environment:
 *
 * <pre>java -cp common.jar:kafka-clients.jar:... io.seldonmesh.common.doctor.KafkaDoctor</pre>
 *
 * Exit status: 0 when nothing failed, 1 when a layer failed, 2 when the settings themselves are invalid.
 */
public final class KafkaDoctor {

    static final String SETTINGS = "settings";

    private final SeldonKafkaSettings settings;
    private final List<Access> needs;

    public KafkaDoctor(SeldonKafkaSettings settings) {
        this(settings, List.of());
    }

    /** @param needs what the service needs from the brokers' ACLs, checked once the cluster answers */
    public KafkaDoctor(SeldonKafkaSettings settings, List<Access> needs) {
        this.settings = settings;
        this.needs = List.copyOf(needs);
    }

    public static void main(String[] args) {
        SeldonKafkaSettings.applyJvmNetworkSettings();
        System.exit(run(System.getenv(), Finding.console()));
    }

    /** Examines the configuration in {@code environment}, prints the findings, and returns the exit status. */
    public static int run(Map<String, String> environment, PrintStream out) {
        return run(environment, settings -> List.of(), out);
    }

    /**
     * As {@link #run(Map, PrintStream)}, with the access a service needs (from its settings) checked after the
     * cluster layer.
     */
    public static int run(Map<String, String> environment, Function<SeldonKafkaSettings, List<Access>> needs,
                          PrintStream out) {
        SeldonKafkaSettings settings;
        try {
            settings = SeldonKafkaSettings.fromEnvironment(environment);
        } catch (InvalidSettingException e) {
            out.println(Finding.fail(SETTINGS, e.getMessage()).line());
            return 2;
        }
        out.println(Finding.ok(SETTINGS, settings.securityProtocol().name
                + settings.saslMechanism().map(m -> "/" + m.kafkaName()).orElse("") + " to " + settings.bootstrapServers()).line());
        List<Finding> findings = new KafkaDoctor(settings, needs.apply(settings)).examine();
        findings.forEach(finding -> out.println(finding.line()));
        return findings.stream().anyMatch(f -> f.verdict() == Finding.Verdict.FAIL) ? 1 : 0;
    }

    /** The findings below the settings layer, in order. */
    public List<Finding> examine() {
        List<Finding> findings = new ArrayList<>();
        InetSocketAddress firstReachable = null;
        AddressCheck.Server firstServer = null;
        for (AddressCheck.Server server : AddressCheck.Server.all(settings.bootstrapServers())) {
            List<InetAddress> reachable = new ArrayList<>();
            findings.addAll(AddressCheck.examine(server, reachable));
            if (firstReachable == null && !reachable.isEmpty()) {
                firstReachable = new InetSocketAddress(reachable.get(0), server.port());
                firstServer = server;
            }
        }
        if (firstReachable == null) {
            return skipRest(findings);
        }
        if (settings.tls().isPresent()) {
            Finding tls = TlsCheck.examine(settings, firstServer, firstReachable);
            findings.add(tls);
            if (tls.verdict() == Finding.Verdict.FAIL) {
                return skipRest(findings);
            }
        }
        List<Finding> cluster = ClusterCheck.examine(settings);
        findings.addAll(cluster);
        if (!needs.isEmpty()) {
            if (cluster.stream().anyMatch(finding -> finding.verdict() == Finding.Verdict.FAIL)) {
                findings.add(Finding.skip(AccessCheck.LAYER));
            } else {
                findings.addAll(AccessCheck.examine(settings, needs));
            }
        }
        return findings;
    }

    private List<Finding> skipRest(List<Finding> findings) {
        if (settings.tls().isPresent() && findings.stream().noneMatch(f -> f.layer().equals(TlsCheck.LAYER))) {
            findings.add(Finding.skip(TlsCheck.LAYER));
        }
        findings.add(Finding.skip(ClusterCheck.AUTHENTICATION));
        findings.add(Finding.skip(ClusterCheck.CLUSTER));
        if (!needs.isEmpty()) {
            findings.add(Finding.skip(AccessCheck.LAYER));
        }
        return findings;
    }
}
