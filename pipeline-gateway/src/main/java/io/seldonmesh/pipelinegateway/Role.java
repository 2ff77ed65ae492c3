package io.seldonmesh.pipelinegateway;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a pipeline-gateway replica does ({@code SELDON_GATEWAY_ROLES}). */
public enum Role {
    /** REST and gRPC inference: requests to Kafka, answers back to callers. */
    INGRESS,
    /** Runs the declared pipelines: Kafka Streams applications between the models' topics. */
    DATAFLOW;

    /**
     * @throws IllegalArgumentException naming the variable, the value and the roles there are
     */
    public static Set<Role> parse(List<String> values) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : values) {
            String name = value.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            roles.add(Arrays.stream(values()).filter(role -> role.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("SELDON_GATEWAY_ROLES='" + String.join(",", values)
                            + "': '" + value.trim() + "' is not a role; use ingress, dataflow, or both"
                            + " (comma-separated)")));
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("SELDON_GATEWAY_ROLES is empty: give ingress, dataflow, or both");
        }
        return roles;
    }

    public static String describe(Set<Role> roles) {
        return roles.stream().map(role -> role.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" and "));
    }
}
