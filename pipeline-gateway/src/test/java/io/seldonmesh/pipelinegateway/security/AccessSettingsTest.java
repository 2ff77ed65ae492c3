package io.seldonmesh.pipelinegateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.testkit.ServerCertificate;
import io.seldonmesh.testkit.TestCertificates;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessSettingsTest {

    private static final String ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE";

    @TempDir
    static Path directory;
    private static Optional<ServerTls> mutualTls;

    @BeforeAll
    static void create() {
        TestCertificates certificates = TestCertificates.create(directory);
        ServerCertificate server = certificates.issueServer("pipeline-gateway");
        mutualTls = ServerTls.from(Settings.Tls.plaintext().ssl(server.privateKey().toString(),
                server.certificate().toString()).clientCa(certificates.caCertificate().toString(), "request"));
    }

    @Test
    void noMethodMeansEveryoneMayCallAsBefore() {
        AccessSettings settings = AccessSettings.from(Settings.Auth.none(), Optional.empty());

        assertThat(settings.enabled()).isFalse();
    }

    @Test
    void oidcNeedsTheIssuerAndTheAudience() {
        assertThatThrownBy(() -> AccessSettings.from(Settings.Auth.none().methods("oidc"), Optional.empty()))
                .hasMessageStartingWith("SELDON_AUTH_OIDC_ISSUER is not set: give the issuer URL");
        assertThatThrownBy(() -> AccessSettings.from(Settings.Auth.none().methods("oidc").oidc(ISSUER, " "),
                Optional.empty()))
                .hasMessageStartingWith("SELDON_AUTH_OIDC_AUDIENCE is not set");
    }

    @Test
    void anIssuerWithoutOidcIsRefusedRatherThanLeftUnused() {
        assertThatThrownBy(() -> AccessSettings.from(Settings.Auth.none().oidc(ISSUER, "pipeline-gateway"),
                Optional.empty()))
                .hasMessage("SELDON_AUTH_OIDC_ISSUER='" + ISSUER + "' is set but SELDON_AUTH_METHODS does not include"
                        + " oidc, so it would not be used: add oidc to SELDON_AUTH_METHODS, or unset"
                        + " SELDON_AUTH_OIDC_ISSUER");
    }

    @Test
    void anUnknownMethodIsRefusedNamingTheMethodsThereAre() {
        assertThatThrownBy(() -> AccessSettings.from(Settings.Auth.none().methods("oidc", "basic"), Optional.empty()))
                .hasMessageStartingWith("SELDON_AUTH_METHODS='oidc,basic': 'basic' is not a method; use oidc, mtls");
    }

    @Test
    void mtlsNeedsClientCertificatesAskedForAndTheirRoles() {
        assertThatThrownBy(() -> AccessSettings.from(Settings.Auth.none().methods("mtls")
                .clientCertRoles("CN=ci-deployer:deployer"), Optional.empty()))
                .hasMessageStartingWith("SELDON_AUTH_METHODS includes mtls but no client certificate is asked for");
        assertThatThrownBy(() -> AccessSettings.from(Settings.Auth.none().methods("mtls"), mutualTls))
                .hasMessageStartingWith("SELDON_AUTH_CLIENT_CERT_ROLES is not set");
    }

    @Test
    void certificateSubjectsAreMatchedAsDistinguishedNames() {
        AccessSettings settings = AccessSettings.from(Settings.Auth.none().methods("mtls")
                .clientCertRoles("CN=ci-deployer:deployer; cn=inference-app, O=Acme : inferrer,deployer"), mutualTls);

        assertThat(settings.certificateRoles().of("CN=ci-deployer")).containsExactly("deployer");
        assertThat(settings.certificateRoles().of("CN=inference-app,O=acme"))
                .containsExactlyInAnyOrder("inferrer", "deployer");
        assertThat(settings.certificateRoles().of("CN=stranger")).isEmpty();
    }

    @Test
    void tokenSubjectsMayHoldColonsAsServiceAccountsDo() {
        AccessSettings settings = AccessSettings.from(Settings.Auth.none().methods("oidc")
                .oidc(ISSUER, "pipeline-gateway")
                .subjectRoles("system:serviceaccount:ci:deployer:deployer;system:serviceaccount:apps:web:inferrer"),
                Optional.empty());

        SubjectRoles subjects = settings.oidc().orElseThrow().subjectRoles();
        assertThat(subjects.of("system:serviceaccount:ci:deployer")).containsExactly("deployer");
        assertThat(subjects.of("system:serviceaccount:apps:web")).containsExactly("inferrer");
    }

    @Test
    void aMappingEntryWithoutRolesNamesTheEntryAndTheForm() {
        assertThatThrownBy(() -> AccessSettings.from(Settings.Auth.none().methods("mtls")
                .clientCertRoles("CN=ci-deployer:deployer;CN=inference-app"), mutualTls))
                .hasMessage("SELDON_AUTH_CLIENT_CERT_ROLES='CN=ci-deployer:deployer;CN=inference-app': entry"
                        + " 'CN=inference-app' is not subject:role[,role]; e.g."
                        + " 'CN=ci-deployer:deployer;CN=inference-app:inferrer'");
    }

    @Test
    void aRoleTheGatewayDoesNotKnowIsRefused() {
        assertThatThrownBy(() -> AccessSettings.from(Settings.Auth.none().methods("mtls")
                .clientCertRoles("CN=ci-deployer:deployr"), mutualTls))
                .hasMessageEndingWith("'deployr' is not a role of the gateway; use deployer, inferrer");
    }

    @Test
    void theMetricsRoleIsARoleMappingsMayGive() {
        AccessSettings settings = AccessSettings.from(Settings.Auth.none().methods("mtls").metricsRole("monitoring")
                .clientCertRoles("CN=prometheus:monitoring"), mutualTls);

        assertThat(settings.metricsRole()).contains("monitoring");
        assertThat(settings.certificateRoles().of("CN=prometheus")).containsExactly("monitoring");
    }

    @Test
    void aMetricsRoleWithoutAuthenticationIsRefused() {
        assertThatThrownBy(() -> AccessSettings.from(Settings.Auth.none().metricsRole("monitoring"), Optional.empty()))
                .hasMessageStartingWith("SELDON_AUTH_METRICS_ROLE='monitoring' is set but SELDON_AUTH_METHODS does"
                        + " not include oidc or mtls");
    }

    @Test
    void clientCertificatesAskedForButNotUsedAreRefused() {
        assertThatThrownBy(() -> AccessSettings.from(Settings.Auth.none(), mutualTls))
                .hasMessageContaining("client certificates would be asked for and not used");
    }
}
