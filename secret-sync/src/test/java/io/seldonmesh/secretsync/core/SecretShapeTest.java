package io.seldonmesh.secretsync.core;

import static io.seldonmesh.secretsync.core.Fixtures.oauthKeys;
import static io.seldonmesh.secretsync.core.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.seldonmesh.testkit.CertificateAuthority.Issued;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretShapeTest {

    private static final Issued CLIENT = TestPem.CA.issueClient("client");
    private static final Issued OTHER = TestPem.CA.issueClient("other");
    private static final String CA_PEM = TestPem.pem(TestPem.CA.certificate());

    @Test
    void saslSecretWithPasswordIsValid() {
        Validity validity = SecretShape.check(source("kafka-sasl", Map.of("password", "hunter2")));
        assertThat(validity.isValid()).isTrue();
        assertThat(validity.kind()).contains(SecretKind.SASL_PASSWORD);
    }

    @Test
    void saslSecretWithEmptyPasswordIsRejectedWithoutQuotingIt() {
        Validity validity = SecretShape.check(source("kafka-sasl", Map.of("password", "   ")));
        assertThat(validity.problems()).containsExactly("password is empty");
    }

    @Test
    void saslKindAnnotationWithoutPasswordKeyNamesTheExpectedKey() {
        Secret secret = annotated(source("azure", Map.of("Endpoint", "sb://x")), "sasl");
        assertThat(SecretShape.check(secret).problems()).singleElement().asString()
                .contains("missing key password");
    }

    @Test
    void clientCertificateWithMatchingPkcs8KeyAndCaIsValid() {
        Validity validity = SecretShape.check(tls(TestPem.pem(CLIENT.certificate()), TestPem.pkcs8(CLIENT.privateKey())));
        assertThat(validity.problems()).isEmpty();
        assertThat(validity.kind()).contains(SecretKind.CLIENT_TLS);
    }

    @Test
    void pkcs1RsaKeyIsReadLikePkcs8() {
        String pkcs1 = TestPem.pem(CLIENT.privateKey());
        assertThat(pkcs1).contains("BEGIN RSA PRIVATE KEY");
        assertThat(SecretShape.check(tls(TestPem.pem(CLIENT.certificate()), pkcs1)).isValid()).isTrue();
    }

    @Test
    void ecKeyInSec1FormMatchesItsCertificate() {
        TestPem.KeyPairAndCertificate ec = TestPem.ecSelfSigned();
        String sec1 = ec.sec1();
        assertThat(sec1).contains("BEGIN EC PRIVATE KEY");
        assertThat(SecretShape.check(tls(TestPem.pem(ec.certificate()), sec1)).problems()).isEmpty();
    }

    @Test
    void keyOfAnotherCertificateIsRejectedNamingTheSubject() {
        Validity validity = SecretShape.check(tls(TestPem.pem(CLIENT.certificate()), TestPem.pkcs8(OTHER.privateKey())));
        assertThat(validity.problems()).singleElement().asString()
                .contains("tls.key does not belong to the first certificate in tls.crt").contains("CN=client");
    }

    @Test
    void rsaCertificateWithEcKeyIsAMismatchNotACrash() {
        TestPem.KeyPairAndCertificate ec = TestPem.ecSelfSigned();
        Validity validity = SecretShape.check(tls(TestPem.pem(CLIENT.certificate()), TestPem.pkcs8(ec.keys().getPrivate())));
        assertThat(validity.problems()).singleElement().asString().contains("does not belong");
    }

    @Test
    void malformedPemIsRejectedWithoutQuotingTheMaterial() {
        String broken = "-----BEGIN CERTIFICATE-----\nTUlJQ!!!notbase64\n-----END CERTIFICATE-----\n";
        Validity validity = SecretShape.check(tls(broken, TestPem.pkcs8(CLIENT.privateKey())));
        assertThat(validity.problems()).singleElement().asString().startsWith("tls.crt is not valid PEM")
                .doesNotContain("notbase64");
    }

    @Test
    void textWithoutPemBlockIsRejected() {
        Validity validity = SecretShape.check(tls("just some text", TestPem.pkcs8(CLIENT.privateKey())));
        assertThat(validity.problems()).singleElement().asString().isEqualTo("tls.crt holds no PEM block (-----BEGIN ...-----)");
    }

    @Test
    void encryptedKeyIsRejectedBecauseSeldonHasNoKeyPassword() {
        Validity validity = SecretShape.check(tls(TestPem.pem(CLIENT.certificate()), TestPem.encryptedPkcs8(CLIENT.privateKey())));
        assertThat(validity.problems()).singleElement().asString().contains("encrypted private key");
    }

    @Test
    void certificateWhereTheKeyBelongsIsNamed() {
        Validity validity = SecretShape.check(tls(TestPem.pem(CLIENT.certificate()), TestPem.pem(CLIENT.certificate())));
        assertThat(validity.problems()).singleElement().asString()
                .isEqualTo("tls.key holds a certificate where a private key was expected");
    }

    @Test
    void clientSecretWithoutKeyIsMissingTheKey() {
        Validity validity = SecretShape.check(source("kafka-client-tls", Map.of("tls.crt", TestPem.pem(CLIENT.certificate()))));
        assertThat(validity.problems()).containsExactly("missing key tls.key");
    }

    @Test
    void brokerCaAloneIsValidAndGarbageCaIsNot() {
        assertThat(SecretShape.check(source("kafka-broker-tls", Map.of("ca.crt", CA_PEM))).kind())
                .contains(SecretKind.BROKER_CA);
        assertThat(SecretShape.check(source("kafka-broker-tls", Map.of("ca.crt", CA_PEM))).isValid()).isTrue();
        assertThat(SecretShape.check(source("kafka-broker-tls", Map.of("ca.crt", TestPem.pkcs8(CLIENT.privateKey()))))
                .problems()).containsExactly("ca.crt holds a private key where certificates were expected");
    }

    @Test
    void completeOAuthSecretIsValid() {
        Validity validity = SecretShape.check(source("kafka-oauth", oauthKeys("https://idp.example.com/token")));
        assertThat(validity.problems()).isEmpty();
        assertThat(validity.kind()).contains(SecretKind.OAUTH);
    }

    @Test
    void oauthSecretMissingScopeAndExtensionsNamesBoth() {
        Map<String, String> keys = oauthKeys("https://idp.example.com/token");
        keys.remove("scope");
        keys.remove("extensions");
        assertThat(SecretShape.check(source("kafka-oauth", keys)).problems()).singleElement().asString()
                .startsWith("missing keys extensions, scope");
    }

    @Test
    void oauthEndpointWithUserAndPasswordIsRefusedNamingSecretAndKeyButNotTheValue() {
        Map<String, String> keys = oauthKeys("https://svc-user:url-password@idp.example.com/token?api_key=k3y");
        Validity validity = SecretShape.check(source("kafka-oauth", keys));

        assertThat(validity.isValid()).isFalse();
        assertThat(validity.describe(new SourceRef("seldon-mesh", "kafka-oauth")))
                .contains("Secret seldon-mesh/kafka-oauth", "token_endpoint_url has a user name or password")
                .doesNotContain("url-password").doesNotContain("svc-user").doesNotContain("k3y");
    }

    @Test
    void unparseableOauthEndpointIsQuotedOnlyUpToAPossibleCredential() {
        Map<String, String> keys = oauthKeys("https://idp.example.com/to ken?api_key=k3y");
        assertThat(SecretShape.check(source("kafka-oauth", keys)).problems()).singleElement().asString()
                .contains("'https://idp.example.com/to ken...(rest hidden)' is not a URL").doesNotContain("k3y");
    }

    @Test
    void tokenEndpointIsPrintedWithoutItsQueryString() {
        OAuthClientCredentials credentials = OAuthClientCredentials.from(SecretData.ofText(
                oauthKeys("https://idp.example.com:8443/oauth2/token?api_key=k3y&sig=abc")));
        assertThat(credentials.tokenEndpoint()).hasToString("https://idp.example.com:8443/oauth2/token?(query hidden)");
        assertThat(credentials.toString()).doesNotContain("k3y");
        assertThat(credentials.tokenEndpoint().uri().getQuery()).isEqualTo("api_key=k3y&sig=abc");
    }

    @Test
    void oauthMethodOtherThanOidcIsRejected() {
        Map<String, String> keys = oauthKeys("https://idp.example.com/token");
        keys.put("method", "oauth2");
        assertThat(SecretShape.check(source("kafka-oauth", keys)).problems())
                .containsExactly("method is 'oauth2'; the only method Seldon supports is OIDC");
    }

    @Test
    void oauthEndpointMustBeAnAbsoluteHttpUrl() {
        Map<String, String> keys = oauthKeys("idp.example.com/token");
        assertThat(SecretShape.check(source("kafka-oauth", keys)).problems()).singleElement().asString()
                .contains("token_endpoint_url 'idp.example.com/token' is not an absolute http(s) URL");
    }

    @Test
    void oauthExtensionsFollowKafkaRules() {
        Map<String, String> keys = oauthKeys("https://idp.example.com/token");
        keys.put("extensions", "logicalCluster=lkc-1,identityPoolId=pool-2");
        assertThat(SecretShape.check(source("kafka-oauth", keys)).isValid()).isTrue();
        keys.put("extensions", "auth=x");
        assertThat(SecretShape.check(source("kafka-oauth", keys)).problems()).singleElement().asString()
                .startsWith("extensions entry 'auth=x' is not key=value");
    }

    @Test
    void emptyClientSecretIsRejected() {
        Map<String, String> keys = oauthKeys("https://idp.example.com/token");
        keys.put("client_secret", "");
        assertThat(SecretShape.check(source("kafka-oauth", keys)).problems()).containsExactly("client_secret is empty");
    }

    @Test
    void oauthProblemsNeverQuoteTheClientSecret() {
        Map<String, String> keys = oauthKeys("not a url at all");
        keys.put("method", "nope");
        Validity validity = SecretShape.check(source("kafka-oauth", keys));
        assertThat(validity.describe(new SourceRef("seldon-mesh", "kafka-oauth"))).doesNotContain("very-secret-client-secret");
    }

    @Test
    void unrecognisedKeysNameTheKeysSeldonReads() {
        Validity validity = SecretShape.check(source("mystery", Map.of("user", "x", "pass", "y")));
        assertThat(validity.kind()).isEmpty();
        assertThat(validity.problems()).singleElement().asString().contains("[pass, user]").contains("password")
                .doesNotContain("x,").doesNotContain("y]");
    }

    @Test
    void unknownKindAnnotationListsTheKnownOnes() {
        Validity validity = SecretShape.check(annotated(source("kafka-sasl", Map.of("password", "p")), "kerberos"));
        assertThat(validity.problems()).singleElement().asString().contains("sasl, mtls, ca, oauth");
    }

    @Test
    void serviceAccountTokensAreNeverCopied() {
        Secret secret = new SecretBuilder(source("sa", Map.of("token", "t"))).withType("kubernetes.io/service-account-token").build();
        assertThat(SecretShape.check(secret).problems()).singleElement().asString().contains("service account");
    }

    @Test
    void describeSaysCopiesKeepTheirLastGoodContent() {
        Validity validity = SecretShape.check(source("kafka-sasl", Map.of("password", "")));
        assertThat(validity.describe(new SourceRef("seldon-mesh", "kafka-sasl"))).isEqualTo(
                "Secret seldon-mesh/kafka-sasl (SASL password) is not replicated: password is empty. "
                        + "Fix the Secret; existing copies keep their last good content.");
    }

    private static Secret tls(String certificate, String key) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("tls.crt", certificate);
        keys.put("tls.key", key);
        keys.put("ca.crt", CA_PEM);
        return source("kafka-client-tls", keys);
    }

    private static Secret annotated(Secret secret, String kind) {
        return new SecretBuilder(secret).editMetadata().addToAnnotations(SecretKind.KIND_ANNOTATION, kind).endMetadata().build();
    }
}
