package io.seldonmesh.testkit;

import java.util.Map;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.server.policy.CreateTopicPolicy;

/**
 * A broker's topic creation policy capping {@code max.message.bytes}, as managed Kafka services have one (Confluent
 * Cloud, for instance, refuses a larger value with this very wording). Loaded by the broker JVM, not by tests: see
 * {@link KafkaBroker.Builder#capTopicMessageBytes(int)}.
 */
public final class CappedMessageSizePolicy implements CreateTopicPolicy {

    /** The broker property holding the cap, in bytes. */
    static final String CAP_PROPERTY = "testkit.topic.max.message.bytes.cap";

    private long cap = Long.MAX_VALUE;

    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(CAP_PROPERTY);
        if (value != null) {
            cap = Long.parseLong(value.toString());
        }
    }

    @Override
    public void validate(RequestMetadata request) throws PolicyViolationException {
        String asked = request.configs().get("max.message.bytes");
        if (asked != null && Long.parseLong(asked) > cap) {
            throw new PolicyViolationException("Config property 'max.message.bytes' with value '" + asked
                    + "' exceeded max limit of " + cap + ".");
        }
    }

    @Override
    public void close() {
    }
}
