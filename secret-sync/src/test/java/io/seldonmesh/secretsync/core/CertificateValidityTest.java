package io.seldonmesh.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificateValidityTest {

    private static final SourceRef SOURCE = new SourceRef("seldon-mesh", "kafka-mtls");

    private static List<CertificateValidity> validities(Instant notBefore, Instant notAfter) {
        TestPem.KeyPairAndCertificate pair = TestPem.ecSelfSigned(notBefore, notAfter);
        return CertificateValidity.of(SOURCE, SecretData.ofText(Map.of("tls.crt", TestPem.pem(pair.certificate()),
                "tls.key", TestPem.pkcs8(pair.keys().getPrivate()))));
    }

    @Test
    void expiredClientCertificateIsWarnedAboutWithItsDate() {
        List<CertificateValidity> validities = validities(Instant.parse("2019-01-01T00:00:00Z"),
                Instant.parse("2020-01-01T00:00:00Z"));

        assertThat(validities).extracting(CertificateValidity::key).containsExactly("tls.crt");
        assertThat(validities.get(0).problem(Instant.now())).hasValueSatisfying(problem -> {
            assertThat(problem.reason()).isEqualTo(Problem.Reason.CERTIFICATE_EXPIRING);
            assertThat(problem.message()).contains("The certificate in tls.crt of Secret seldon-mesh/kafka-mtls")
                    .contains("CN=ec-client").contains("expired at 2020-01-01T00:00:00Z");
        });
    }

    @Test
    void certificateExpiringWithinThirtyDaysIsWarnedAboutAndALaterOneIsNot() {
        Instant now = Instant.now();
        Instant inTenDays = now.plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        CertificateValidity soon = validities(now.minus(1, ChronoUnit.DAYS), inTenDays).get(0);
        CertificateValidity later = validities(now.minus(1, ChronoUnit.DAYS), now.plus(365, ChronoUnit.DAYS)).get(0);

        assertThat(soon.problem(now)).hasValueSatisfying(problem -> assertThat(problem.message())
                .contains("expires at " + inTenDays + ", in less than 30 days"));
        assertThat(soon.problem(now.plus(1, ChronoUnit.HOURS))).isEqualTo(soon.problem(now));
        assertThat(later.problem(now)).isEmpty();
    }
}
