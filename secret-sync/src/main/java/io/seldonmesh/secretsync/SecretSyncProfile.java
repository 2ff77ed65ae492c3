package io.seldonmesh.secretsync;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.doctor.Access;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.runtime.DoctorCheck;
import io.seldonmesh.runtime.ServiceProfile;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;
import org.eclipse.microprofile.config.Config;

/**
 * secret-sync to the shared runtime: what its doctor checks of the brokers' ACLs, and its own checks of Kubernetes
 * and the token endpoints.
 */
public final class SecretSyncProfile implements ServiceProfile {

    @Override
    public String name() {
        return "secret-sync";
    }

    /**
     * Only the credentials topic: its events are secret-sync's one use of Kafka. It asks to create the topic at every
     * start (Kafka refuses that without CREATE even when the topic exists), reads its configuration to check that
     * it is compacted, and reads it (without a consumer group) to correct what it says about sources deleted while
     * secret-sync was down.
     */
    @Override
    public List<Access> kafkaAccess(SeldonKafkaSettings settings) {
        return ServiceProfile.needs(Access.topic(TopicNames.from(settings).controlCredentials(),
                "creates it when missing, checks it is compacted, reads it at start-up, writes the credential events",
                AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE));
    }

    @Override
    public List<DoctorCheck> doctorChecks(Config config) {
        return List.of(new SecretSyncDoctorCheck(config));
    }
}
