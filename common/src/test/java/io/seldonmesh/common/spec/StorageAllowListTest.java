package io.seldonmesh.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageAllowListTest {

    private final StorageAllowList list = StorageAllowList.parse(" s3://models/team-a , gs://seldon-models,/var/models/ ");
    private final StorageAllowList perNamespace = StorageAllowList.parse("s3://models/shared, team-a=s3://bucket-a/,"
            + " team-a = s3://lake/date=2026 ,team-b=/var/models/team-b");

    @Test
    void prefixesMatchAtSegmentBoundariesWithTheSameRemoteAndBucket() {
        assertThat(list.refusal("default", "s3://models/team-a/iris")).isEmpty();
        assertThat(list.refusal("default", "s3://models/team-a")).isEmpty();
        assertThat(list.refusal("default", "gs://seldon-models/scv2/samples/iris")).isEmpty();
        assertThat(list.refusal("default", "/var/models/iris")).isEmpty();

        assertThat(list.refusal("default", "s3://models/team-ab/iris")).isPresent();
        assertThat(list.refusal("default", "s3://other/team-a/iris")).isPresent();
        assertThat(list.refusal("default", "minio://models/team-a/iris")).as("another remote, another secret").isPresent();
        assertThat(list.refusal("default", "/var/modelsx/iris")).isPresent();
        assertThat(list.refusal("default", "/etc/ssh")).isPresent();
    }

    @Test
    void prefixWithoutNamespaceAppliesInEveryNamespace() {
        assertThat(list.refusal("team-a", "s3://models/team-a/iris")).isEmpty();
        assertThat(list.refusal("team-z", "s3://models/team-a/iris")).isEmpty();
        assertThat(perNamespace.refusal("team-b", "s3://models/shared/iris")).isEmpty();
        assertThat(perNamespace.refusal("team-z", "s3://models/shared/iris")).isEmpty();
    }

    @Test
    void namespacedPrefixAppliesInItsNamespaceOnly() {
        assertThat(perNamespace.refusal("team-a", "s3://bucket-a/iris")).isEmpty();
        assertThat(perNamespace.refusal("team-a", "s3://lake/date=2026/iris")).as("'=' inside a URI").isEmpty();
        assertThat(perNamespace.refusal("team-b", "/var/models/team-b/iris")).isEmpty();

        assertThat(perNamespace.refusal("team-b", "s3://bucket-a/iris")).hasValue("storageUri 's3://bucket-a/iris' is"
                + " outside the locations this installation allows in namespace 'team-b' (STORAGE_URI_ALLOWED_PREFIXES:"
                + " s3://models/shared, team-b=/var/models/team-b); move the model under one of them, or ask the"
                + " operator to add its location");
        assertThat(perNamespace.refusal("team-a", "/var/models/team-b/iris")).isPresent();
    }

    @Test
    void namespaceTheListDoesNotNameGetsNothingWithoutSharedEntries() {
        StorageAllowList onlyTeams = StorageAllowList.parse("team-a=s3://bucket-a/");

        assertThat(onlyTeams.refusal("team-a", "s3://bucket-a/iris")).isEmpty();
        assertThat(onlyTeams.refusal("team-c", "s3://bucket-a/iris")).hasValue("storageUri 's3://bucket-a/iris' may"
                + " not be loaded in namespace 'team-c': STORAGE_URI_ALLOWED_PREFIXES allows no location there (its"
                + " entries are for other namespaces only); ask the operator to add an entry team-c=<prefix>");
    }

    @Test
    void refusalNamesTheVariableTheListAndWhatToDo() {
        assertThat(list.refusal("default", "s3://secrets/keys")).hasValue("storageUri 's3://secrets/keys' is outside"
                + " the locations this installation allows in namespace 'default' (STORAGE_URI_ALLOWED_PREFIXES:"
                + " s3://models/team-a, gs://seldon-models/, /var/models/); move the model under one of them, or ask"
                + " the operator to add its location");
    }

    @Test
    void parentSegmentsAreRefusedWhileAListIsSet() {
        assertThat(list.refusal("default", "/var/models/../../etc/ssh")).hasValueSatisfying(problem ->
                assertThat(problem).contains("'..' segment"));
        assertThat(list.refusal("default", "s3://models/team-a/../team-b/iris")).isPresent();
        assertThat(StorageAllowList.any().refusal("default", "/var/models/../x")).as("no list, no rule").isEmpty();
    }

    @Test
    void emptyOrUnsetAllowsEverything() {
        assertThat(StorageAllowList.parse("").allowsEverything()).isTrue();
        assertThat(StorageAllowList.parse(" , ").allowsEverything()).isTrue();
        assertThat(StorageAllowList.parse(null).refusal("team-a", "s3://anything/at/all")).isEmpty();
    }

    @Test
    void entryThatIsNoStorageUriIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> StorageAllowList.parse("s3://models,relative/path"))
                .hasMessageStartingWith("STORAGE_URI_ALLOWED_PREFIXES entry 'relative/path' is not");
        assertThatThrownBy(() -> StorageAllowList.parse("/var/models/../etc"))
                .hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> StorageAllowList.parse("team-a=bucket-a"))
                .hasMessageStartingWith("STORAGE_URI_ALLOWED_PREFIXES entry 'bucket-a' is not <remote>://");
        assertThatThrownBy(() -> StorageAllowList.parse("team-a=/var/models/../etc"))
                .hasMessageContaining("'..' segment");
    }

    @Test
    void namespacedEntryWithoutNamespaceOrPrefixOrWithABadNamespaceIsRefused() {
        assertThatThrownBy(() -> StorageAllowList.parse("=s3://bucket-a/"))
                .hasMessage("STORAGE_URI_ALLOWED_PREFIXES entry '=s3://bucket-a/' names no namespace before '=';"
                        + " write <namespace>=<prefix> (e.g. team-a=s3://bucket-a/) or the prefix alone for every"
                        + " namespace");
        assertThatThrownBy(() -> StorageAllowList.parse("team-a="))
                .hasMessage("STORAGE_URI_ALLOWED_PREFIXES entry 'team-a=' names no prefix after '='; write"
                        + " team-a=<prefix> (e.g. team-a=s3://bucket-a/)");
        assertThatThrownBy(() -> StorageAllowList.parse("Team_A=s3://bucket-a/"))
                .hasMessageStartingWith("STORAGE_URI_ALLOWED_PREFIXES entry 'Team_A=s3://bucket-a/': 'Team_A' is not a"
                        + " valid namespace name")
                .hasMessageContaining("(e.g. 'team-a')");
    }
}
