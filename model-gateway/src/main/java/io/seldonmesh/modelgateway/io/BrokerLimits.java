package io.seldonmesh.modelgateway.io;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;

/**
 * The largest record a topic accepts ({@code max.message.bytes}, which defaults to the broker's
 * {@code message.max.bytes}): at-least-once reads it when the broker refuses a record, so the error record can name
 * it; exactly-once before sending each answer. A topic is asked again after {@value #READ_AGAIN_SECONDS} s, so a
 * limit an operator raised is used within a minute, and a failed lookup (no DescribeConfigs right, Kafka
 * unreachable) is not repeated for each answer in between.
 */
final class BrokerLimits {

    private static final Logger LOG = Logger.getLogger(BrokerLimits.class);
    private static final long READ_AGAIN_SECONDS = 60;

    private record Lookup(OptionalLong limit, long atNanos) {
    }

    private final Admin admin;
    private final Duration timeout;
    private final Map<String, Lookup> lookups = new ConcurrentHashMap<>();

    BrokerLimits(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Blocking, at most the timeout, when the topic was not asked in the last minute. */
    OptionalLong maxMessageBytes(String topic) {
        Lookup last = lookups.get(topic);
        long now = System.nanoTime();
        if (last != null && now - last.atNanos() < TimeUnit.SECONDS.toNanos(READ_AGAIN_SECONDS)) {
            return last.limit();
        }
        OptionalLong read = read(topic);
        // A failed read keeps what was known: the limit rarely changes, the lookup fails for passing reasons too.
        OptionalLong known = read.isPresent() || last == null ? read : last.limit();
        lookups.put(topic, new Lookup(known, now));
        return known;
    }

    private OptionalLong read(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(entry.value()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } catch (Exception e) {
            LOG.warnf("could not read max.message.bytes of topic %s: %s", topic, e.toString());
            return OptionalLong.empty();
        }
    }
}
