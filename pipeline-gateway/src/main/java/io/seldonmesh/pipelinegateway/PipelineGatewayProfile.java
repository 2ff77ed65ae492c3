package io.seldonmesh.pipelinegateway;

import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.doctor.Access;
import io.seldonmesh.common.kafka.ConsumerGroups;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.pipelinegateway.io.KafkaGateway;
import io.seldonmesh.runtime.ServiceProfile;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;

/**
 * pipeline-gateway to the shared runtime: what its doctor checks of the brokers' ACLs. Inputs and outputs topics are
 * per model and pipeline, and the dataflow's groups per pipeline version; the shared topics and the ingress' group
 * say whether the grants are there at all.
 */
public final class PipelineGatewayProfile implements ServiceProfile {

    @Override
    public String name() {
        return "pipeline-gateway";
    }

    @Override
    public List<Access> kafkaAccess(SeldonKafkaSettings settings) {
        TopicNames topics = TopicNames.from(settings);
        return ServiceProfile.needs(
                Access.topic(topics.controlModels(), "reads and writes model specs (control API)", AclOperation.READ,
                        AclOperation.WRITE),
                Access.topic(topics.controlPipelines(), "reads and writes pipeline specs (control API)",
                        AclOperation.READ, AclOperation.WRITE),
                Access.topic(topics.statusModels(), "reads which models are Available", AclOperation.READ),
                Access.topic(topics.statusPipelines(), "reads and writes (dataflow) the pipelines' statuses",
                        AclOperation.READ, AclOperation.WRITE),
                Access.topic(topics.errors(), "reads the error answers of requests; the ingress' group divides its"
                        + " partitions", AclOperation.READ, AclOperation.WRITE),
                Access.group(ConsumerGroups.from(topics).pipelineGateway(KafkaGateway.CLAIM_GROUP),
                        "divides the answers' partitions among the ingress replicas", AclOperation.READ));
    }
}
