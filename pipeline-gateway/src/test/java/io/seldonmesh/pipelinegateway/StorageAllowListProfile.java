package io.seldonmesh.pipelinegateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** An installation that lets Models load only from one bucket prefix and one public bucket. */
public class StorageAllowListProfile implements QuarkusTestProfile {

    public static final String ALLOWED = "s3://models/team-a,gs://seldon-models";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("STORAGE_URI_ALLOWED_PREFIXES", ALLOWED);
    }
}
