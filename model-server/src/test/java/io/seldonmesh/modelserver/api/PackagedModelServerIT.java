package io.seldonmesh.modelserver.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar serves an ONNX model: ONNX Runtime must extract its native library from the
 * jar at run time, which the in-process tests do not prove. Runs with {@code -DskipITs=false}.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(PackagedModelServerIT.LoopbackWithTestModels.class)
class PackagedModelServerIT {

    /** Loopback only, free ports, and the test models. */
    public static class LoopbackWithTestModels implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of(
                    "quarkus.http.host", "127.0.0.1",
                    "quarkus.grpc.server.host", "127.0.0.1",
                    "quarkus.grpc.server.port", "0",
                    "model-server.models-root", Path.of("src/test/resources/models").toAbsolutePath().toString());
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void packagedServerRunsTheOnnxModel() {
        given().post("/v2/repository/models/onnx-add10/load").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4]}]}")
                .post("/v2/models/onnx-add10/infer")
                .then().statusCode(200)
                .body("outputs[0].data", contains(11f, 12f, 13f, 14f));
    }
}
