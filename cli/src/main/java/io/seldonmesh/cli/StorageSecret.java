package io.seldonmesh.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.seldonmesh.common.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A storage secret as model-fetcher reads it, mounted like a Kubernetes Secret: a directory whose one key holds an
 * rclone-style S3 remote ({@code {type: s3, parameters: {endpoint, access_key_id, secret_access_key, region,
 * sse_kms_key_id}}}, YAML or JSON). The local stack writes {@code .local-stack/secrets/local-s3/remote.json}.
 */
record StorageSecret(String name, URI endpoint, String region, String accessKeyId, String secretAccessKey,
                     Optional<String> kmsKeyId) {

    static StorageSecret read(Path directory) {
        Path key = keyFile(directory);
        JsonNode remote;
        try {
            remote = Json.yaml().readTree(Files.readString(key));
        } catch (IOException e) {
            throw CliFailure.badInput("cannot read the storage secret " + key + ": " + e.getMessage());
        }
        JsonNode parameters = remote == null ? null : remote.get("parameters");
        if (parameters == null || !"s3".equals(remote.path("type").asText())) {
            throw CliFailure.badInput(key + " is not an rclone-style S3 remote: expected {type: s3, parameters:"
                    + " {endpoint, access_key_id, secret_access_key, ...}}");
        }
        String endpoint = required(key, parameters, "endpoint");
        return new StorageSecret(directory.getFileName().toString(), URI.create(endpoint),
                parameters.path("region").asText("us-east-1"), required(key, parameters, "access_key_id"),
                required(key, parameters, "secret_access_key"),
                Optional.ofNullable(parameters.get("sse_kms_key_id")).map(JsonNode::asText).filter(k -> !k.isBlank()));
    }

    private static Path keyFile(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw CliFailure.badInput("no storage secret at " + directory + ": start the local stack (./run-local)"
                    + " or give --secrets-dir and --secret");
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> keys = files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
            if (keys.size() != 1) {
                throw CliFailure.badInput("the storage secret " + directory + " holds " + keys.size()
                        + " keys: expected one, the rclone remote (e.g. remote.json)");
            }
            return keys.get(0);
        } catch (IOException e) {
            throw CliFailure.badInput("cannot list the storage secret " + directory + ": " + e.getMessage());
        }
    }

    private static String required(Path key, JsonNode parameters, String field) {
        String value = parameters.path(field).asText("");
        if (value.isBlank()) {
            throw CliFailure.badInput(key + ": parameters." + field + " is missing");
        }
        return value;
    }
}
