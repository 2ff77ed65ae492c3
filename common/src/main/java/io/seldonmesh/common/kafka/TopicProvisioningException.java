package io.seldonmesh.common.kafka;

import java.util.List;

/**
 * Topics could not be provisioned as configured. The message is one line naming the numbers or
 * names involved and what to change; the caller decides whether that stops the service (a
 * readiness check that stays down with this message beats a crash loop).
 */
public class TopicProvisioningException extends RuntimeException {

    private final List<String> problems;

    public TopicProvisioningException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public TopicProvisioningException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    public List<String> problems() {
        return problems;
    }
}
