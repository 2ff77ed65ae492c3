package io.seldonmesh.pipelinegateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The gateway serving TLS and requiring client certificates mapped to roles ({@link MtlsTestResource}). */
public class MtlsProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(MtlsTestResource.class));
    }
}
