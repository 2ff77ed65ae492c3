package io.seldonmesh.pipelinegateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.seldonmesh.testkit.ServerCertificate;
import io.seldonmesh.testkit.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.util.Arrays;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaceableKeyManagerTest {

    @TempDir
    static Path directory;
    private static TestCertificates certificates;
    private static Vertx vertx;

    @BeforeAll
    static void create() {
        certificates = TestCertificates.create(directory);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    @Test
    void aNewHandshakeGetsTheReplacementAndOneThatChoseBeforeKeepsWhatItChose() throws Exception {
        ReplaceableKeyManager keys = new ReplaceableKeyManager(keyManager(certificates.issueServer("gateway")));
        String chosenBefore = keys.chooseEngineServerAlias("RSA", null, null);
        var servedBefore = keys.getCertificateChain(chosenBefore)[0];

        keys.replace(keyManager(certificates.issueServer("gateway")));
        String chosenAfter = keys.chooseEngineServerAlias("RSA", null, null);

        assertThat(keys.getCertificateChain(chosenBefore)[0]).isEqualTo(servedBefore);
        assertThat(keys.getPrivateKey(chosenBefore)).isNotNull();
        assertThat(keys.getCertificateChain(chosenAfter)[0].getSerialNumber())
                .isNotEqualTo(servedBefore.getSerialNumber());
        assertThat(keys.getCertificateChain("unknown")).isNull();
    }

    private static X509ExtendedKeyManager keyManager(ServerCertificate server) throws Exception {
        return Arrays.stream(new PemKeyCertOptions().setKeyPath(server.privateKey().toString())
                        .setCertPath(server.certificate().toString()).getKeyManagerFactory(vertx).getKeyManagers())
                .map(X509ExtendedKeyManager.class::cast).findFirst().orElseThrow();
    }
}
