package io.seldonmesh.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The settings that point the stack at an existing model server instead of starting model-server. */
class ModelServerTest {

    @Test
    void noUrlMeansTheEmbeddedModelServerWithItsModelsUnderTheStackDirectory() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("LOCAL_STACK_DIR", "/tmp/stack"));

        assertThat(settings.externalModelServer()).isEmpty();
        assertThat(settings.modelsRoot()).isEqualTo(Path.of("/tmp/stack/models"));
    }

    @Test
    void modelsRootAloneMovesTheEmbeddedModelServersDirectory() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("LOCAL_MODELS_ROOT", "/srv/models"));

        assertThat(settings.externalModelServer()).isEmpty();
        assertThat(settings.modelsRoot()).isEqualTo(Path.of("/srv/models"));
    }

    @Test
    void urlWithoutModelsRootIsRejectedNamingTheVariable() {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("LOCAL_MODEL_SERVER_URL", "http://127.0.0.1:8080")))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith("LOCAL_MODELS_ROOT is required when LOCAL_MODEL_SERVER_URL is set")
                .hasMessageContaining("http://127.0.0.1:8080");
    }

    @Test
    void urlThatIsNotHttpIsRejectedWithAnExample() {
        assertThatThrownBy(() -> existing(Map.of("LOCAL_MODEL_SERVER_URL", "ftp://models.local",
                "LOCAL_MODELS_ROOT", "/srv/models")))
                .isInstanceOf(StackException.class)
                .hasMessage("LOCAL_MODEL_SERVER_URL=ftp://models.local is not an http(s) URL; expected the model server's "
                        + "REST base URL, e.g. http://127.0.0.1:8080");
    }

    @Test
    void grpcThatIsNotHostPortIsRejectedNamingTheVariable() {
        for (String grpc : new String[] {"8081", "http://host:8081", "host:", "host:port", "host:70000"}) {
            assertThatThrownBy(() -> existing(Map.of("LOCAL_MODEL_SERVER_URL", "http://host:8080",
                    "LOCAL_MODEL_SERVER_GRPC", grpc, "LOCAL_MODELS_ROOT", "/srv/models")))
                    .as(grpc).isInstanceOf(StackException.class)
                    .hasMessageStartingWith("LOCAL_MODEL_SERVER_GRPC=" + grpc + " is not host:port");
        }
    }

    @Test
    void withoutGrpcTheGatewayCallsTheServerOverRestAndTheFetcherPublishesNoGrpcEndpoint() {
        ModelServer server = existing(Map.of("LOCAL_MODEL_SERVER_URL", "http://models.local:8080/",
                "LOCAL_MODELS_ROOT", "/srv/models")).orElseThrow();

        assertThat(server.gatewayEnvironment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "MODEL_SERVER_PROTOCOL", "rest", "MODEL_SERVER_URL", "http://models.local:8080"));
        assertThat(server.fetcherEnvironment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "MODELS_ROOT", "/srv/models", "MODEL_SERVER_URL", "http://models.local:8080"));
    }

    @Test
    void withGrpcTheGatewayUsesItAndTheFetcherPublishesIt() {
        ModelServer server = existing(Map.of("LOCAL_MODEL_SERVER_URL", "http://models.local:8080",
                "LOCAL_MODEL_SERVER_GRPC", " models.local:8081 ", "LOCAL_MODELS_ROOT", "/srv/models")).orElseThrow();

        assertThat(server.gatewayEnvironment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "MODEL_SERVER_PROTOCOL", "grpc", "MODEL_SERVER_URL", "models.local:8081"));
        assertThat(server.fetcherEnvironment()).containsEntry("MODEL_SERVER_GRPC_ENDPOINT", "models.local:8081");
    }

    @Test
    void pathsAreResolvedUnderAUrlPrefix() {
        ModelServer server = new ModelServer(URI.create("http://gateway.local/seldon/mlserver"), Optional.empty(),
                Path.of("/srv/models"));

        assertThat(server.resolve("/v2/health/ready")).isEqualTo(URI.create("http://gateway.local/seldon/mlserver/v2/health/ready"));
    }

    private static Optional<ModelServer> existing(Map<String, String> environment) {
        return StackSettings.fromEnvironment(environment).externalModelServer();
    }
}
