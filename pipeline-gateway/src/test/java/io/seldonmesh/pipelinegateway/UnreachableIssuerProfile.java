package io.seldonmesh.pipelinegateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.seldonmesh.testkit.FreePort;
import java.util.Map;

/** Bearer tokens required from an issuer nothing answers for: an identity provider down when the gateway starts. */
public class UnreachableIssuerProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("SELDON_AUTH_METHODS", "oidc", "SELDON_AUTH_OIDC_ISSUER",
                "http://127.0.0.1:" + FreePort.next() + "/down",
                "SELDON_AUTH_OIDC_AUDIENCE", "pipeline-gateway");
    }
}
