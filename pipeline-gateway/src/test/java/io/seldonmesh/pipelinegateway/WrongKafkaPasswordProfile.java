package io.seldonmesh.pipelinegateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The gateway started with a Kafka password file that holds the wrong password ({@link WrongKafkaPasswordResource}). */
public class WrongKafkaPasswordProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(WrongKafkaPasswordResource.class));
    }
}
