package io.seldonmesh.runtime;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.config.ServiceEnvironment;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.common.kafka.client.KafkaClientFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The one way a service gets its Kafka clients: Seldon's variables (environment, or the service's configuration)
 * read by common's {@link SeldonKafkaSettings}, the JVM's network settings applied first (IPv4 preference), and
 * the one client factory. A wrong variable stops start-up with one line naming it.
 */
@ApplicationScoped
public class KafkaRuntime {

    @Produces
    @Singleton
    KafkaClientFactory clients(Config config) {
        Map<String, String> environment = ServiceEnvironment.from(config);
        SeldonKafkaSettings.applyJvmNetworkSettings(environment);
        return new KafkaClientFactory(SeldonKafkaSettings.fromEnvironment(environment));
    }

    @Produces
    @Singleton
    TopicNames topics(KafkaClientFactory clients) {
        return TopicNames.from(clients.settings());
    }
}
