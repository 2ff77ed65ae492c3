package io.seldonmesh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports on 127.0.0.1. The port is released before the server binds it, so another process
 * can take it in between; servers retry on "Address already in use" (see {@link PortConflictRetry}).
 * Ports handed out by this JVM are remembered so two servers started together never get the same one.
 * Tests and benchmarks that start a server themselves take their ports here too, for the same reason.
 */
public final class FreePort {

    static final String LOOPBACK = "127.0.0.1";

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePort() {
    }

    public static int next() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
                socket.setReuseAddress(true);
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a server socket on " + LOOPBACK
                        + " to find a free port: " + e.getMessage(), e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no unused free port found on " + LOOPBACK + " after 50 attempts");
    }

    static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
