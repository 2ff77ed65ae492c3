package io.seldonmesh.common.doctor;

import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One thing a service needs from the brokers' ACLs: operations on a topic, a consumer group or the cluster, and why,
 * for the doctor's access layer.
 *
 * @param name the topic or group name; ignored for the cluster
 * @param why what the service does with it, for the finding ("reads answers", "creates topics")
 */
public record Access(ResourceType type, String name, Set<AclOperation> operations, String why) {

    public Access {
        Objects.requireNonNull(type, "type");
        operations = Set.copyOf(operations);
    }

    public static Access topic(String topic, String why, AclOperation... operations) {
        return new Access(ResourceType.TOPIC, topic, Set.of(operations), why);
    }

    public static Access group(String group, String why, AclOperation... operations) {
        return new Access(ResourceType.GROUP, group, Set.of(operations), why);
    }

    public static Access cluster(String why, AclOperation... operations) {
        return new Access(ResourceType.CLUSTER, "kafka-cluster", Set.of(operations), why);
    }
}
