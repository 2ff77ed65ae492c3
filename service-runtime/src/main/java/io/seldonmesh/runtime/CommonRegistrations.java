package io.seldonmesh.runtime;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.seldonmesh.common.kafka.client.OAuthSecretJwtRetriever;
import io.seldonmesh.common.kafka.client.PasswordFileCallbackHandler;
import io.seldonmesh.common.kafka.client.ReloadingPemSslEngineFactory;
import io.seldonmesh.common.spec.Batch;
import io.seldonmesh.common.spec.DataflowSpec;
import io.seldonmesh.common.spec.ModelSpec;
import io.seldonmesh.common.spec.Parameter;
import io.seldonmesh.common.spec.PipelineInput;
import io.seldonmesh.common.spec.PipelineOutput;
import io.seldonmesh.common.spec.PipelineSpec;
import io.seldonmesh.common.spec.PipelineStep;
import io.seldonmesh.common.status.CredentialEvent;
import io.seldonmesh.common.status.Endpoints;
import io.seldonmesh.common.status.ModelState;
import io.seldonmesh.common.status.ModelStatus;
import io.seldonmesh.common.status.PipelineState;
import io.seldonmesh.common.status.PipelineStatus;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a native image must be able to create or bind by reflection in common, in one list: the records Jackson
 * binds (specs on the control topics, statuses and credential events), and the classes Kafka instantiates from
 * their names in client properties (common's credential-reloading plug-ins, the assignor, the serializers the
 * services name). The JVM needs none of this; a native image would fail on the first spec, status, mTLS, SCRAM or
 * OAUTHBEARER connection without it.
 */
@RegisterForReflection(targets = {
        ModelSpec.class, Parameter.class, DataflowSpec.class,
        PipelineSpec.class, PipelineStep.class, PipelineInput.class, PipelineOutput.class, Batch.class,
        ModelStatus.class, ModelState.class, Endpoints.class, PipelineStatus.class, PipelineState.class,
        CredentialEvent.class,
        ReloadingPemSslEngineFactory.class, PasswordFileCallbackHandler.class, OAuthSecretJwtRetriever.class,
        CooperativeStickyAssignor.class,
        ByteArraySerializer.class, ByteArrayDeserializer.class, StringSerializer.class, StringDeserializer.class})
public final class CommonRegistrations {

    private CommonRegistrations() {
    }
}
