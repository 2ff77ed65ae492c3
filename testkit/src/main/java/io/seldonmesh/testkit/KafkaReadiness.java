package io.seldonmesh.testkit;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;

/**
 * A broker is ready when every listener accepts connections and it answers a metadata request
 * naming itself: by then it has joined its own KRaft quorum and is unfenced, so topics can be created.
 */
final class KafkaReadiness implements ServerProcess.ReadinessCheck, AutoCloseable {

    private final Map<Listener, Integer> ports;
    private final int controllerPort;
    private Admin admin;

    KafkaReadiness(Map<Listener, Integer> ports, int controllerPort) {
        this.ports = ports;
        this.controllerPort = controllerPort;
    }

    @Override
    public boolean isReady() throws InterruptedException, ExecutionException, TimeoutException {
        if (!FreePort.isListening(controllerPort) || !ports.values().stream().allMatch(FreePort::isListening)) {
            return false;
        }
        if (admin == null) {
            admin = Admin.create(Map.of(
                    "bootstrap.servers", FreePort.LOOPBACK + ":" + ports.get(Listener.PLAINTEXT),
                    "client.id", "testkit-readiness",
                    "request.timeout.ms", 2000,
                    "default.api.timeout.ms", 3000,
                    "reconnect.backoff.max.ms", 200));
        }
        return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
