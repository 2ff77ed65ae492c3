package io.seldonmesh.modelserver.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(StartupLoadingTest.LoadTwoModels.class)
class StartupLoadingTest {

    /** MODELS_LOAD_AT_STARTUP=add10,onnx-iris,broken */
    public static class LoadTwoModels implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("model-server.load-at-startup", "add10,onnx-iris,broken");
        }
    }

    @Test
    void listedModelsAreReadyWithoutALoadCallAndAFailureDoesNotStopTheServer() {
        given().get("/v2/models/add10/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/onnx-iris/ready").then().statusCode(200).body("ready", equalTo(true));
        given().get("/v2/models/broken/ready").then().statusCode(400).body("ready", equalTo(false));
        given().get("/v2/models/sum-and-diff/ready").then().statusCode(404);
    }
}
