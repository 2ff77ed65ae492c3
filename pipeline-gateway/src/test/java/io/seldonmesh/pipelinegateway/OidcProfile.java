package io.seldonmesh.pipelinegateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The gateway with bearer tokens required ({@link OidcTestResource}) and the control API on its own port. */
public class OidcProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OidcTestResource.class));
    }
}
