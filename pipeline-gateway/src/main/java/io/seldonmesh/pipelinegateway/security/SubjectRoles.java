package io.seldonmesh.pipelinegateway.security;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Roles given to callers by subject: {@code subject:role[,role];subject:role}, e.g.
 * {@code CN=ci-deployer:deployer;CN=inference-app:inferrer}. A subject may itself hold colons (a Kubernetes service
 * account's {@code system:serviceaccount:ns:name}): the roles follow the last one. Subjects are compared in a
 * canonical form, so that {@code cn=ci-deployer} and {@code CN=ci-deployer} are one distinguished name.
 */
public final class SubjectRoles {

    private final Map<String, Set<String>> roles;
    private final UnaryOperator<String> canonical;

    private SubjectRoles(Map<String, Set<String>> roles, UnaryOperator<String> canonical) {
        this.roles = Map.copyOf(roles);
        this.canonical = canonical;
    }

    static SubjectRoles none() {
        return new SubjectRoles(Map.of(), UnaryOperator.identity());
    }

    /**
     * @param variable  for messages: the environment variable the text came from
     * @param canonical turns a subject into the form it is compared in; throws IllegalArgumentException for one
     *                  that is not a subject
     * @throws IllegalArgumentException naming the variable, the entry at fault and the expected form
     */
    static SubjectRoles parse(String variable, String text, UnaryOperator<String> canonical) {
        Map<String, Set<String>> roles = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            String subject = colon < 0 ? "" : entry.substring(0, colon).trim();
            Set<String> granted = colon < 0 ? Set.of() : Arrays.stream(entry.substring(colon + 1).split(","))
                    .map(String::trim).filter(role -> !role.isEmpty()).collect(Collectors.toCollection(
                            LinkedHashSet::new));
            if (subject.isEmpty() || granted.isEmpty()) {
                throw new IllegalArgumentException(variable + "='" + text + "': entry '" + entry.trim() + "' is not"
                        + " subject:role[,role]; e.g. 'CN=ci-deployer:deployer;CN=inference-app:inferrer'");
            }
            try {
                roles.computeIfAbsent(canonical.apply(subject), s -> new LinkedHashSet<>()).addAll(granted);
            } catch (IllegalArgumentException notASubject) {
                throw new IllegalArgumentException(variable + "='" + text + "': '" + subject + "' is not a subject: "
                        + notASubject.getMessage(), notASubject);
            }
        }
        return new SubjectRoles(roles, canonical);
    }

    /** The roles given to {@code subject}; none when it is not listed. */
    public Set<String> of(String subject) {
        try {
            return roles.getOrDefault(canonical.apply(subject), Set.of());
        } catch (IllegalArgumentException notASubject) {
            return Set.of();
        }
    }

    Set<String> allRoles() {
        return roles.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
    }
}
