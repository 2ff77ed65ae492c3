package io.seldonmesh.pipelinegateway;

import io.quarkus.runtime.annotations.QuarkusMain;
import io.seldonmesh.runtime.ServiceMain;

/** {@code java -jar quarkus-run.jar} starts the gateway; {@code ... doctor} checks its connections and exits. */
@QuarkusMain
public final class PipelineGatewayMain {

    private PipelineGatewayMain() {
    }

    public static void main(String... args) {
        ServiceMain.run(new PipelineGatewayProfile(), args);
    }
}
