package io.seldonmesh.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageAllowListTest {

    private final StorageAllowList list = StorageAllowList.parse(" s3://models/team-a , gs://seldon-models,/var/models/ ");

    @Test
    void prefixesMatchAtSegmentBoundariesWithTheSameRemoteAndBucket() {
        assertThat(list.refusal("s3://models/team-a/iris")).isEmpty();
        assertThat(list.refusal("s3://models/team-a")).isEmpty();
        assertThat(list.refusal("gs://seldon-models/scv2/samples/iris")).isEmpty();
        assertThat(list.refusal("/var/models/iris")).isEmpty();

        assertThat(list.refusal("s3://models/team-ab/iris")).isPresent();
        assertThat(list.refusal("s3://other/team-a/iris")).isPresent();
        assertThat(list.refusal("minio://models/team-a/iris")).as("another remote, another secret").isPresent();
        assertThat(list.refusal("/var/modelsx/iris")).isPresent();
        assertThat(list.refusal("/etc/ssh")).isPresent();
    }

    @Test
    void refusalNamesTheVariableTheListAndWhatToDo() {
        assertThat(list.refusal("s3://secrets/keys")).hasValue("storageUri 's3://secrets/keys' is outside the locations"
                + " this installation allows (STORAGE_URI_ALLOWED_PREFIXES: s3://models/team-a, gs://seldon-models/,"
                + " /var/models/); move the model under one of them, or ask the operator to add its location");
    }

    @Test
    void parentSegmentsAreRefusedWhileAListIsSet() {
        assertThat(list.refusal("/var/models/../../etc/ssh")).hasValueSatisfying(problem ->
                assertThat(problem).contains("'..' segment"));
        assertThat(list.refusal("s3://models/team-a/../team-b/iris")).isPresent();
        assertThat(StorageAllowList.any().refusal("/var/models/../x")).as("no list, no rule").isEmpty();
    }

    @Test
    void emptyOrUnsetAllowsEverything() {
        assertThat(StorageAllowList.parse("").allowsEverything()).isTrue();
        assertThat(StorageAllowList.parse(null).refusal("s3://anything/at/all")).isEmpty();
    }

    @Test
    void entryThatIsNoStorageUriIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> StorageAllowList.parse("s3://models,relative/path"))
                .hasMessageStartingWith("STORAGE_URI_ALLOWED_PREFIXES entry 'relative/path' is not");
        assertThatThrownBy(() -> StorageAllowList.parse("/var/models/../etc"))
                .hasMessageContaining("'..' segment");
    }
}
