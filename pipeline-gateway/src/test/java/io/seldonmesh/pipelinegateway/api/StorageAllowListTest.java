package io.seldonmesh.pipelinegateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.KafkaTestResource;
import io.seldonmesh.pipelinegateway.StorageAllowListProfile;
import org.junit.jupiter.api.Test;

/** The control API refuses a Model whose storage is outside STORAGE_URI_ALLOWED_PREFIXES, naming the rule. */
@QuarkusTest
@TestProfile(StorageAllowListProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
class StorageAllowListTest {

    @Test
    void modelsInsideTheAllowedLocationsAreDeclared() {
        given().body(Declarations.modelYaml("allowed-a", "s3://models/team-a/iris")).put("/v1/models/allowed-a").then().statusCode(201);
        given().body(Declarations.modelYaml("allowed-b", "gs://seldon-models/scv2/samples/iris")).post("/v1/models").then().statusCode(201);
    }

    @Test
    void aModelOutsideIsA400NamingTheFieldTheListAndWhatToDoAndIsNotDeclared() {
        given().body(Declarations.modelYaml("outside", "s3://models/team-b/iris")).put("/v1/models/outside")
                .then().statusCode(400)
                .body("problems[0].path", equalTo("spec.storageUri"))
                .body("problems[0].problem", equalTo("storageUri 's3://models/team-b/iris' is outside the locations"
                        + " this installation allows (STORAGE_URI_ALLOWED_PREFIXES: s3://models/team-a,"
                        + " gs://seldon-models/); move the model under one of them, or ask the operator to add its"
                        + " location"));
        given().get("/v1/models/outside").then().statusCode(404);

        given().body(Declarations.modelYaml("host-files", "/etc/ssh")).post("/v1/models")
                .then().statusCode(400).body("error", containsString("STORAGE_URI_ALLOWED_PREFIXES"));
        given().body(Declarations.modelYaml("climbing", "s3://models/team-a/../team-b/iris")).put("/v1/models/climbing")
                .then().statusCode(400).body("problems[0].problem", containsString("'..' segment"));
    }
}
