package io.seldonmesh.modelfetcher;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.doctor.Access;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.runtime.ServiceProfile;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;

/** model-fetcher to the shared runtime: what its doctor checks of the brokers' ACLs. */
public final class ModelFetcherProfile implements ServiceProfile {

    @Override
    public String name() {
        return "model-fetcher";
    }

    /** No consumer group: every fetcher reads the whole control topic itself. */
    @Override
    public List<Access> kafkaAccess(SeldonKafkaSettings settings) {
        TopicNames topics = TopicNames.from(settings);
        return ServiceProfile.needs(
                Access.topic(topics.controlModels(), "reads every Model spec", AclOperation.READ),
                Access.topic(topics.statusModels(), "publishes the status of the models it loads", AclOperation.WRITE));
    }
}
