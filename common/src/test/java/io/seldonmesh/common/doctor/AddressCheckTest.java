package io.seldonmesh.common.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressCheckTest {

    private static final AddressCheck.Server BROKER = new AddressCheck.Server("b-1.msk", 9096);

    private static InetAddress ipv4() throws UnknownHostException {
        return InetAddress.getByAddress("b-1.msk", new byte[] {10, 0, 0, 1});
    }

    private static InetAddress ipv6() throws UnknownHostException {
        byte[] address = new byte[16];
        address[0] = 0x20;
        address[1] = 0x01;
        address[15] = 1;
        return InetAddress.getByAddress("b-1.msk", address);
    }

    @Test
    void bootstrapEntriesSplitIntoHostsAndPorts() {
        assertThat(AddressCheck.Server.all("b-1.msk:9096,[::1]:9092"))
                .containsExactly(new AddressCheck.Server("b-1.msk", 9096), new AddressCheck.Server("::1", 9092));
    }

    @Test
    void mixedAnswersAreListedWithTheirFamilies() throws UnknownHostException {
        assertThat(AddressCheck.dnsFinding("b-1.msk", List.of(ipv6(), ipv4())).line())
                .isEqualTo("✓ OK   dns            b-1.msk -> 2001:0:0:0:0:0:0:1 (IPv6), 10.0.0.1 (IPv4)");
    }

    @Test
    void aaaaOnlyAnswersAreFlagged() throws UnknownHostException {
        assertThat(AddressCheck.dnsFinding("b-1.msk", List.of(ipv6())).line())
                .isEqualTo("! WARN dns            b-1.msk -> 2001:0:0:0:0:0:0:1 (IPv6): only IPv6 (AAAA) answers, so the pod network must "
                        + "route IPv6; KAFKA_PREFER_IPV4=true would leave no address at all");
    }

    @Test
    void unreachableIpv6WithWorkingIpv4SuggestsPreferringIpv4() throws UnknownHostException {
        Map<InetAddress, Optional<String>> attempts = new LinkedHashMap<>();
        attempts.put(ipv6(), Optional.of("Network is unreachable"));
        attempts.put(ipv4(), Optional.empty());
        assertThat(AddressCheck.tcpFinding(BROKER, attempts).line())
                .isEqualTo("! WARN tcp            b-1.msk:9096 answers over IPv4 only (2001:0:0:0:0:0:0:1 (IPv6): Network is unreachable): "
                        + "set KAFKA_PREFER_IPV4=true so the clients never try IPv6");
    }

    @Test
    void noReachableAddressFailsNamingEachError() throws UnknownHostException {
        Map<InetAddress, Optional<String>> attempts = new LinkedHashMap<>();
        attempts.put(ipv4(), Optional.of("Connection refused"));
        assertThat(AddressCheck.tcpFinding(BROKER, attempts).line())
                .isEqualTo("✗ FAIL tcp            cannot connect to b-1.msk:9096 (10.0.0.1 (IPv4): Connection refused): check the port, "
                        + "the broker's advertised listener, security groups and NetworkPolicies between this pod and the brokers");
    }

    @Test
    void firstWorkingAddressIsReported() throws UnknownHostException {
        Map<InetAddress, Optional<String>> attempts = new LinkedHashMap<>();
        attempts.put(ipv4(), Optional.empty());
        assertThat(AddressCheck.tcpFinding(BROKER, attempts).line()).isEqualTo("✓ OK   tcp            connected to b-1.msk:9096 at 10.0.0.1 (IPv4)");
    }
}
