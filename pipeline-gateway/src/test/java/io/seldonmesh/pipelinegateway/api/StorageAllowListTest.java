package io.seldonmesh.pipelinegateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.seldonmesh.common.kafka.TopicNames;
import io.seldonmesh.pipelinegateway.Declarations;
import io.seldonmesh.pipelinegateway.KafkaTestResource;
import io.seldonmesh.pipelinegateway.StorageAllowListProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The control API refuses a Model whose storage is outside STORAGE_URI_ALLOWED_PREFIXES for the namespace it serves,
 * naming the rule; another namespace's entries do not apply, and naming that namespace does not reach them.
 */
@QuarkusTest
@TestProfile(StorageAllowListProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
class StorageAllowListTest {

    @Inject
    TopicNames topics;

    @Test
    void modelsInsideTheAllowedLocationsAreDeclared() {
        given().body(Declarations.modelYaml("allowed-a", "s3://models/team-a/iris")).put("/v1/models/allowed-a").then().statusCode(201);
        given().body(Declarations.modelYaml("allowed-b", "gs://seldon-models/scv2/samples/iris")).post("/v1/models").then().statusCode(201);
        given().body(Declarations.modelYaml("allowed-here", "s3://bucket-here/iris")).post("/v1/models").then().statusCode(201);
        given().body(Declarations.modelYaml("named-here", "s3://bucket-here/iris")
                .replace("  name: named-here\n", "  name: named-here\n  namespace: " + topics.namespace() + "\n"))
                .put("/v1/models/named-here").then().statusCode(201);
    }

    @Test
    void aModelOutsideIsA400NamingTheFieldTheListAndWhatToDoAndIsNotDeclared() {
        given().body(Declarations.modelYaml("outside", "s3://models/team-b/iris")).put("/v1/models/outside")
                .then().statusCode(400)
                .body("problems[0].path", equalTo("spec.storageUri"))
                .body("problems[0].problem", equalTo("storageUri 's3://models/team-b/iris' is outside the locations"
                        + " this installation allows in namespace '" + topics.namespace() + "'"
                        + " (STORAGE_URI_ALLOWED_PREFIXES: s3://models/team-a, gs://seldon-models/, " + topics.namespace()
                        + "=s3://bucket-here/); move the model under one of them, or ask the operator to add its"
                        + " location"));
        given().get("/v1/models/outside").then().statusCode(404);

        given().body(Declarations.modelYaml("host-files", "/etc/ssh")).post("/v1/models")
                .then().statusCode(400).body("error", containsString("STORAGE_URI_ALLOWED_PREFIXES"));
        given().body(Declarations.modelYaml("climbing", "s3://models/team-a/../team-b/iris")).put("/v1/models/climbing")
                .then().statusCode(400).body("problems[0].problem", containsString("'..' segment"));
    }

    @Test
    void anotherNamespacesLocationIsA400HereAndNamingThatNamespaceIsA400Too() {
        given().body(Declarations.modelYaml("theirs", "s3://bucket-elsewhere/iris")).put("/v1/models/theirs")
                .then().statusCode(400)
                .body("problems[0].path", equalTo("spec.storageUri"))
                .body("problems[0].problem", containsString("allows in namespace '" + topics.namespace() + "'"));

        given().body(Declarations.modelYaml("claimed", "s3://bucket-elsewhere/iris")
                        .replace("  name: claimed\n", "  name: claimed\n  namespace: elsewhere\n"))
                .post("/v1/models")
                .then().statusCode(400)
                .body("problems[0].path", equalTo("metadata.namespace"))
                .body("problems[0].problem", equalTo("'elsewhere' is not the namespace this API serves ('"
                        + topics.namespace() + "'): a Model is written to the Kafka topics of the namespace it is sent"
                        + " to; send it to namespace elsewhere's control API, or leave metadata.namespace out"));
        given().get("/v1/models/theirs").then().statusCode(404);
        given().get("/v1/models/claimed").then().statusCode(404);
    }
}
