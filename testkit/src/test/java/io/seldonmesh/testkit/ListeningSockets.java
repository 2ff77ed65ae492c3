package io.seldonmesh.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read from Linux /proc (what {@code ss -ltnp} shows).
 * Addresses are as in /proc/net/tcp{,6}: hex, e.g. {@code 0100007F} for 127.0.0.1.
 */
final class ListeningSockets {

    record Socket(String localAddressHex, int port) {
        boolean isLoopback() {
            return localAddressHex.equals("0100007F")
                    || localAddressHex.equals("0000000000000000FFFF00000100007F")
                    || localAddressHex.equals("00000000000000000000000001000000");
        }
    }

    private ListeningSockets() {
    }

    static List<Socket> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the process closed this descriptor while we listed them
                }
            }
        }
        List<Socket> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                boolean listen = fields[3].equals("0A");
                if (listen && inodes.contains(fields[9])) {
                    String[] local = fields[1].split(":");
                    listening.add(new Socket(local[0], Integer.parseInt(local[1], 16)));
                }
            }
        }
        return listening;
    }
}
