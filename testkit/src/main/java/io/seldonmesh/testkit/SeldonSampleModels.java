package io.seldonmesh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Seldon Core 2's sample Models ({@code samples/models} in SeldonIO/seldon-core) made loadable on this
 * project's model-server. On an S3 store ({@link S3Server}, or any {@link S3Storage}), each sample's artifact
 * is a directory holding only a {@code model-settings.json} that names the model-server built-in standing in
 * for the Triton model; each Model resource is Seldon's text with only {@code storageUri} changed:
 * {@code gs://seldon-models/<path>} becomes {@code seldon-samples://<bucket>/<prefix>/<path>}, so the
 * samples that share an artifact (tfsimple1, 2 and 3) still share one.
 * <p>
 * {@code seldon-samples} is an rclone remote offered to every model, as Seldon's own {@code gs://}
 * remote is: a fetcher reads it from the preloaded secret {@link #STORAGE_SECRET} (Seldon's
 * {@code rclone.configSecrets}; model-fetcher's {@code RCLONE_CONFIG_SECRETS}), so no {@code secretName}
 * is added to the resources. The samples' {@code requirements} are Seldon's: the fetcher's server needs
 * the capabilities {@code tensorflow}, {@code triton} and {@code python}.
 */
public final class SeldonSampleModels {

    /** The rclone remote the rewritten storage URIs name. */
    public static final String REMOTE = "seldon-samples";
    /** The secret holding that remote, to preload in the fetcher; named after it. */
    public static final String STORAGE_SECRET = REMOTE;

    /** One sample Model: its name, the built-in standing in for it, and its resource as a fetcher is to be given it. */
    public record Sample(String name, String builtin, String resource) {
    }

    private record Original(String builtin, String resource) {
    }

    private static final String SELDON_BUCKET = "gs://seldon-models/";
    private static final Pattern STORAGE_URI = Pattern.compile("storageUri: \"" + Pattern.quote(SELDON_BUCKET) + "([^\"]+)\"");
    private static final Pattern NAME = Pattern.compile("(?m)^  name: (\\S+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    // Seldon's texts as published (samples/models/*.yaml, as samples/pipeline-examples.md shows them), copied as they are.
    private static final List<Original> ORIGINALS = List.of(
            new Original("sum-and-diff", """
                    apiVersion: mlops.seldon.io/v1alpha1
                    kind: Model
                    metadata:
                      name: tfsimple1
                    spec:
                      storageUri: "gs://seldon-models/triton/simple"
                      requirements:
                      - tensorflow
                      memory: 100Ki
                    """),
            new Original("sum-and-diff", """
                    apiVersion: mlops.seldon.io/v1alpha1
                    kind: Model
                    metadata:
                      name: tfsimple2
                    spec:
                      storageUri: "gs://seldon-models/triton/simple"
                      requirements:
                      - tensorflow
                      memory: 100Ki
                    """),
            new Original("sum-and-diff", """
                    apiVersion: mlops.seldon.io/v1alpha1
                    kind: Model
                    metadata:
                      name: tfsimple3
                    spec:
                      storageUri: "gs://seldon-models/triton/simple"
                      requirements:
                      - tensorflow
                      memory: 100Ki
                    """),
            new Original("mul10", """
                    apiVersion: mlops.seldon.io/v1alpha1
                    kind: Model
                    metadata:
                      name: mul10
                    spec:
                      storageUri: "gs://seldon-models/scv2/samples/triton_23-03/mul10"
                      requirements:
                      - triton
                      - python
                    """),
            new Original("add10", """
                    apiVersion: mlops.seldon.io/v1alpha1
                    kind: Model
                    metadata:
                      name: add10
                    spec:
                      storageUri: "gs://seldon-models/scv2/samples/triton_23-03/add10"
                      requirements:
                      - triton
                      - python
                    """),
            new Original("conditional", """
                    apiVersion: mlops.seldon.io/v1alpha1
                    kind: Model
                    metadata:
                      name: conditional
                    spec:
                      storageUri: "gs://seldon-models/scv2/samples/triton_23-03/conditional"
                      requirements:
                      - triton
                      - python
                    """));

    private final S3Storage s3;
    private final List<Sample> samples;

    private SeldonSampleModels(S3Storage s3, List<Sample> samples) {
        this.s3 = s3;
        this.samples = samples;
    }

    /**
     * Uploads one artifact directory per sample artifact under {@code <bucket>/<prefix>/} and returns the
     * samples' resources pointing there.
     *
     * @param prefix a key prefix of the test's own, without leading or trailing {@code /}, e.g. {@code samples-1}
     */
    public static SeldonSampleModels upload(S3Storage s3, String bucket, String prefix) {
        if (prefix.isEmpty() || prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix '" + prefix + "' must be non-empty and neither start nor end"
                    + " with '/', e.g. samples-1");
        }
        Set<String> uploaded = new LinkedHashSet<>();
        List<Sample> samples = ORIGINALS.stream().map(original -> {
            String path = artifactPath(original.resource());
            if (uploaded.add(path)) {
                s3.putObject(bucket, prefix + "/" + path + "/model-settings.json", modelSettings(original.builtin()));
            }
            String resource = original.resource().replace(SELDON_BUCKET, REMOTE + "://" + bucket + "/" + prefix + "/");
            return new Sample(name(original.resource()), original.builtin(), resource);
        }).toList();
        return new SeldonSampleModels(s3, samples);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** @throws IllegalArgumentException listing the samples there are */
    public Sample sample(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Seldon sample model '" + name + "'; the samples are "
                        + samples.stream().map(Sample::name).collect(Collectors.joining(", "))));
    }

    /** The rclone remote {@value #REMOTE} on the S3 store, as the content of secret {@value #STORAGE_SECRET}. */
    public String storageSecret() {
        ObjectNode remote = JSON.createObjectNode().put("type", "s3").put("name", REMOTE);
        remote.putObject("parameters").put("provider", "Other").put("env_auth", false)
                .put("access_key_id", s3.accessKeyId()).put("secret_access_key", s3.secretAccessKey())
                .put("region", s3.region()).put("endpoint", s3.endpoint().toString()).put("force_path_style", true);
        return remote.toString();
    }

    /** Writes {@link #storageSecret()} as Kubernetes mounts a Secret: {@code <secretsDirectory>/seldon-samples/remote.json}. */
    public Path writeStorageSecret(Path secretsDirectory) {
        Path file = secretsDirectory.resolve(STORAGE_SECRET).resolve("remote.json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, storageSecret());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write secret " + STORAGE_SECRET + " under " + secretsDirectory, e);
        }
        return file;
    }

    private static byte[] modelSettings(String builtin) {
        return JSON.createObjectNode().put("implementation", builtin).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String artifactPath(String resource) {
        Matcher uri = STORAGE_URI.matcher(resource);
        if (!uri.find()) {
            throw new IllegalStateException("sample resource has no storageUri under " + SELDON_BUCKET + ": " + resource);
        }
        return uri.group(1);
    }

    private static String name(String resource) {
        Matcher name = NAME.matcher(resource);
        if (!name.find()) {
            throw new IllegalStateException("sample resource has no metadata.name: " + resource);
        }
        return name.group(1);
    }
}
