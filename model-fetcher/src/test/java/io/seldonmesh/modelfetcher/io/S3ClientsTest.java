package io.seldonmesh.modelfetcher.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

class S3ClientsTest {

    @Test
    void aBareS3UriTakesTheRegionOfTheAwsChain() {
        assertThat(S3Clients.regionOfTheChain(() -> Region.EU_WEST_1)).isEqualTo(Region.EU_WEST_1);
    }

    @Test
    void withoutAnyRegionConfiguredItIsUsEast1NotTheSdksUnableToLoadRegion() {
        assertThat(S3Clients.regionOfTheChain(() -> {
            throw SdkClientException.create("Unable to load region from any of the providers in the chain");
        })).isEqualTo(Region.US_EAST_1);
    }
}
