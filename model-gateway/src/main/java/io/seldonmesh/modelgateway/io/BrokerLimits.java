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
 * {@code message.max.bytes}), read when the broker refuses a record so the error record can name it. Cached per
 * topic; a failed lookup is not cached.
 */
final class BrokerLimits {

    private static final Logger LOG = Logger.getLogger(BrokerLimits.class);

    private final Admin admin;
    private final Duration timeout;
    private final Map<String, Long> limits = new ConcurrentHashMap<>();

    BrokerLimits(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Blocking, at most the timeout. */
    OptionalLong maxMessageBytes(String topic) {
        Long known = limits.get(topic);
        if (known != null) {
            return OptionalLong.of(known);
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry == null || entry.value() == null) {
                return OptionalLong.empty();
            }
            long limit = Long.parseLong(entry.value());
            limits.put(topic, limit);
            return OptionalLong.of(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } catch (Exception e) {
            LOG.warnf("could not read max.message.bytes of topic %s: %s", topic, e.toString());
            return OptionalLong.empty();
        }
    }
}
