package io.seldonmesh.common.doctor;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The two lowest layers for each bootstrap server: does its name resolve, and does a TCP connection to it open.
 * IPv6 gets special attention: a name with AAAA records is tried over IPv6 first, and pod networks without an IPv6
 * route then fail with "Network is unreachable" although IPv4 would work.
 */
final class AddressCheck {

    static final String DNS = "dns";
    static final String TCP = "tcp";
    private static final int CONNECT_TIMEOUT_MS = 3000;

    private AddressCheck() {
    }

    /** One server's address: a host and port as written in {@code KAFKA_BOOTSTRAP_SERVERS}. */
    record Server(String host, int port) {

        static List<Server> all(String bootstrapServers) {
            return Arrays.stream(bootstrapServers.split(",")).map(entry -> {
                int colon = entry.lastIndexOf(':');
                String host = entry.substring(0, colon).replace("[", "").replace("]", "");
                return new Server(host, Integer.parseInt(entry.substring(colon + 1)));
            }).toList();
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** Resolution and connection findings for one server; the addresses that accepted a connection come last. */
    static List<Finding> examine(Server server, List<InetAddress> reachable) {
        List<Finding> findings = new ArrayList<>();
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(server.host()));
        } catch (UnknownHostException e) {
            findings.add(Finding.fail(DNS, server.host() + " does not resolve (" + e.getMessage() + "): check "
                    + SeldonKafkaSettings.KAFKA_BOOTSTRAP_SERVERS + " and the pod's DNS (nslookup " + server.host() + ")"));
            return findings;
        }
        findings.add(dnsFinding(server.host(), addresses));
        Map<InetAddress, Optional<String>> attempts = new LinkedHashMap<>();
        for (InetAddress address : addresses) {
            Optional<String> error = connect(address, server.port());
            attempts.put(address, error);
            if (error.isEmpty()) {
                reachable.add(address);
            }
        }
        findings.add(tcpFinding(server, attempts));
        return findings;
    }

    static Finding dnsFinding(String host, List<InetAddress> addresses) {
        String listed = addresses.stream().map(AddressCheck::describe).collect(Collectors.joining(", "));
        if (addresses.stream().allMatch(address -> address instanceof Inet6Address)) {
            return Finding.warn(DNS, host + " -> " + listed + ": only IPv6 (AAAA) answers, so the pod network must route IPv6; "
                    + SeldonKafkaSettings.KAFKA_PREFER_IPV4 + "=true would leave no address at all");
        }
        return Finding.ok(DNS, host + " -> " + listed);
    }

    /** @param attempts each resolved address with the connection error, empty when it connected */
    static Finding tcpFinding(Server server, Map<InetAddress, Optional<String>> attempts) {
        List<InetAddress> connected = attempts.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        String failures = attempts.entrySet().stream().filter(e -> e.getValue().isPresent())
                .map(e -> describe(e.getKey()) + ": " + e.getValue().get()).collect(Collectors.joining("; "));
        if (connected.isEmpty()) {
            return Finding.fail(TCP, "cannot connect to " + server + " (" + failures + "): check the port, the broker's "
                    + "advertised listener, security groups and NetworkPolicies between this pod and the brokers");
        }
        boolean ipv6Failed = attempts.entrySet().stream().anyMatch(e -> e.getKey() instanceof Inet6Address && e.getValue().isPresent());
        boolean ipv4Worked = connected.stream().noneMatch(address -> address instanceof Inet6Address);
        if (ipv6Failed && ipv4Worked) {
            return Finding.warn(TCP, server + " answers over IPv4 only (" + failures + "): set "
                    + SeldonKafkaSettings.KAFKA_PREFER_IPV4 + "=true so the clients never try IPv6");
        }
        return Finding.ok(TCP, "connected to " + server + " at " + describe(connected.get(0))
                + (failures.isEmpty() ? "" : " (also tried " + failures + ")"));
    }

    private static Optional<String> connect(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static String describe(InetAddress address) {
        return address.getHostAddress() + (address instanceof Inet6Address ? " (IPv6)" : " (IPv4)");
    }
}
