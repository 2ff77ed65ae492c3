package io.seldonmesh.pipelinegateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * An installation that lets Models load from one bucket prefix and one public bucket in every namespace, from
 * {@code s3://bucket-here/} in the gateway's own namespace (KafkaTestResource's, through the config expression) and
 * from {@code s3://bucket-elsewhere/} only in namespace {@code elsewhere}.
 */
public class StorageAllowListProfile implements QuarkusTestProfile {

    public static final String ALLOWED = "s3://models/team-a,gs://seldon-models,${SELDON_NAMESPACE}=s3://bucket-here/,"
            + "elsewhere=s3://bucket-elsewhere/";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("STORAGE_URI_ALLOWED_PREFIXES", ALLOWED);
    }
}
