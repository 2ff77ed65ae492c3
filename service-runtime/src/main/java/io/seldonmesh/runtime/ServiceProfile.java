package io.seldonmesh.runtime;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.config.ServiceEnvironment;
import io.seldonmesh.common.doctor.Access;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * What the shared runtime needs to know of a service: its name, whether it talks to Kafka, what it needs from the
 * brokers' ACLs, and any checks of its own for {@code doctor}. A plain class per service, so that the doctor can
 * run before (and without) the service starting.
 */
public interface ServiceProfile {

    /** The service's name, e.g. {@code model-gateway}. */
    String name();

    /** False for a service that never connects to Kafka (the model server). */
    default boolean usesKafka() {
        return true;
    }

    /** The topics, groups and cluster operations the service needs, for the doctor's access layer. */
    default List<Access> kafkaAccess(SeldonKafkaSettings settings) {
        return List.of();
    }

    /**
     * Checks of the service's own dependencies (object storage, a model server ...), run after Kafka's, from the
     * variables the service was given.
     */
    default List<DoctorCheck> doctorChecks(Map<String, String> environment) {
        return List.of();
    }

    /**
     * The same from the service's whole configuration, for checks that need a setting's default from
     * application.properties; by default, the variables alone.
     */
    default List<DoctorCheck> doctorChecks(Config config) {
        return doctorChecks(ServiceEnvironment.from(config));
    }

    /** A shorthand for {@link Access}, which service profiles use a lot. */
    static List<Access> needs(Access... needs) {
        return List.of(needs);
    }
}
