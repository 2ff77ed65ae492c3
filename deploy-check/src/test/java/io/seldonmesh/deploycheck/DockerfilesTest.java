package io.seldonmesh.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DockerfilesTest {

    @ParameterizedTest
    @EnumSource(ServiceModule.class)
    void theImagesExposeTheServicesPortsAndCheckItsReadiness(ServiceModule module) {
        assertThat(DockerfileContract.check(module)).isEmpty();
    }
}
