package io.seldonmesh.modelgateway;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.doctor.Access;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.runtime.ServiceProfile;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;

/** model-gateway to the shared runtime: what its doctor checks of the brokers' ACLs. */
public final class ModelGatewayProfile implements ServiceProfile {

    @Override
    public String name() {
        return "model-gateway";
    }

    /** Model inputs and outputs topics are per model; the shared topics say whether the grants are there at all. */
    @Override
    public List<Access> kafkaAccess(SeldonKafkaSettings settings) {
        TopicNames topics = TopicNames.from(settings);
        return ServiceProfile.needs(
                Access.topic(topics.statusModels(), "reads which models are Available and where", AclOperation.READ),
                Access.topic(topics.controlModels(), "reads which models are deleted", AclOperation.READ),
                Access.topic(topics.errors(), "writes the error record of a request that gets no output",
                        AclOperation.WRITE));
    }
}
