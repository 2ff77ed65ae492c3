package io.seldonmesh.common.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaDoctorTest {

    private static String[] run(Map<String, String> environment, int expectedStatus) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = KafkaDoctor.run(environment, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(expectedStatus);
        return bytes.toString(StandardCharsets.UTF_8).split("\n");
    }

    @Test
    void invalidSettingsAreTheOnlyLineAndExitWithTwo() {
        assertThat(run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker:9092", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-1024"), 2))
                .containsExactly("✗ FAIL settings       KAFKA_SASL_MECHANISM=SCRAM-SHA-1024 is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER");
    }

    @Test
    void closedPortFailsAtTcpAndSkipsTheLayersAbove() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String[] lines = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closedPort, "KAFKA_SECURITY_PROTOCOL", "SSL"), 1);
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).isEqualTo("✓ OK   settings       SSL to 127.0.0.1:" + closedPort);
        assertThat(lines[1]).isEqualTo("✓ OK   dns            127.0.0.1 -> 127.0.0.1 (IPv4)");
        assertThat(lines[2]).startsWith("✗ FAIL tcp            cannot connect to 127.0.0.1:" + closedPort + " (127.0.0.1 (IPv4): Connection refused");
        assertThat(lines[3]).isEqualTo("- SKIP tls            not checked: an earlier layer failed");
        assertThat(lines[4]).isEqualTo("- SKIP authentication not checked: an earlier layer failed");
        assertThat(lines[5]).isEqualTo("- SKIP cluster        not checked: an earlier layer failed");
    }

    @Test
    void unknownHostFailsAtDns() {
        String[] lines = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "no-such-broker.invalid:9092"), 1);
        assertThat(lines[1]).startsWith("✗ FAIL dns            no-such-broker.invalid does not resolve (")
                .endsWith("check KAFKA_BOOTSTRAP_SERVERS and the pod's DNS (nslookup no-such-broker.invalid)");
    }
}
