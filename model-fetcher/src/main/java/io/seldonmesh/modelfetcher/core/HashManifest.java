package io.seldonmesh.modelfetcher.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.seldonmesh.common.spec.ModelSpec;

/**
 * The SHA-256 of every file of a model, as its owner wrote them next to the files: a {@code SHA256SUMS} file in
 * {@code sha256sum}'s format, or the OpenSSF model-signing signature {@code model.sig}. Each downloaded file is
 * checked against it whatever S3 offers, so an SSE-KMS object without an additional checksum is verified too.
 * The manifest must list exactly the model's files: a file it does not list, or one it lists that is not there,
 * fails the model.
 *
 * @param name   the manifest's file name, for messages
 * @param sha256 each file's path (relative to the model's prefix) and its SHA-256
 */
public record HashManifest(String name, Map<String, byte[]> sha256) {

    /** {@code sha256sum -b * > SHA256SUMS} run in the model's directory. */
    public static final String SHA256SUMS = "SHA256SUMS";
    /** The Sigstore bundle OpenSSF's {@code model_signing sign} writes beside the model. */
    public static final String MODEL_SIGNATURE = "model.sig";
    /** What a manifest may not be larger than: a list of hashes, not a model file. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    /** The Model parameter ({@code spec.parameters}) that asks for a manifest: {@code {name: require-manifest, value: "true"}}. */
    public static final String MODEL_PARAMETER = "require-manifest";
    public static final String REQUIRED_BY_SETTING = "the fetcher's DOWNLOAD_REQUIRE_MANIFEST";
    public static final String REQUIRED_BY_MODEL = "the Model's parameter " + MODEL_PARAMETER;

    private static final Pattern SUM_LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    public HashManifest {
        sha256 = Map.copyOf(sha256);
    }

    /** Whether the Model asks for a hash manifest, with {@code spec.parameters: [{name: require-manifest, value: "true"}]}. */
    public static boolean requiredBy(ModelSpec spec) {
        return spec.parameters().stream().anyMatch(parameter -> MODEL_PARAMETER.equals(parameter.name())
                && "true".equalsIgnoreCase(String.valueOf(parameter.value()).trim()));
    }

    /** The manifest among the model's objects, {@code SHA256SUMS} before {@code model.sig}; empty when neither is there. */
    public static Optional<RemoteObject> find(List<RemoteObject> remote) {
        for (String name : List.of(SHA256SUMS, MODEL_SIGNATURE)) {
            Optional<RemoteObject> found = remote.stream().filter(object -> object.path().equals(name)).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The manifest files themselves: not listed in a manifest, and verified by what S3 offers. */
    public static boolean isManifest(String path) {
        return path.equals(SHA256SUMS) || path.equals(MODEL_SIGNATURE);
    }

    public static HashManifest parse(String model, String name, byte[] content) {
        return name.equals(MODEL_SIGNATURE) ? fromModelSignature(model, content) : fromSha256Sums(model, content);
    }

    /** Lines {@code <64 hex>  <path>} or {@code <64 hex> *<path>}; blank lines and {@code #} comments are skipped. */
    static HashManifest fromSha256Sums(String model, byte[] content) {
        Map<String, byte[]> sums = new TreeMap<>();
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sum = SUM_LINE.matcher(line);
            if (!sum.matches()) {
                throw new IntegrityFailure("Model " + model + ": " + SHA256SUMS + " line " + (i + 1) + " is not '<64 hex"
                        + " digits>  <path>' as sha256sum writes it: '" + abbreviate(line) + "'; write it with"
                        + " 'sha256sum -b * > " + SHA256SUMS + "' in the model's directory");
            }
            put(model, SHA256SUMS, sums, sum.group(2), HexFormat.of().parseHex(sum.group(1)));
        }
        return new HashManifest(SHA256SUMS, sums);
    }

    /**
     * OpenSSF model signing (v1.0): {@code model.sig} is a Sigstore bundle whose DSSE envelope carries an in-toto
     * statement; its predicate's {@code resources} list each file with its algorithm and hex digest. Only the
     * digests are used here: the signature itself is not verified (that needs the signer's identity or key).
     */
    static HashManifest fromModelSignature(String model, byte[] content) {
        JsonNode resources;
        try {
            JsonNode payload = JSON.readTree(content).path("dsseEnvelope").path("payload");
            if (!payload.isTextual()) {
                throw new IllegalArgumentException("it has no dsseEnvelope.payload");
            }
            JsonNode statement = JSON.readTree(Base64.getDecoder().decode(payload.asText()));
            resources = statement.path("predicate").path("resources");
            if (!resources.isArray()) {
                throw new IllegalArgumentException("its in-toto statement has no predicate.resources");
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IntegrityFailure("Model " + model + ": " + MODEL_SIGNATURE + " is not an OpenSSF model-signing"
                    + " bundle (" + e.getMessage() + "); sign the model again with 'model_signing sign'");
        }
        Map<String, byte[]> sums = new TreeMap<>();
        for (JsonNode resource : resources) {
            String path = resource.path("name").asText("");
            String algorithm = resource.path("algorithm").asText("").toLowerCase(Locale.ROOT);
            String digest = resource.path("digest").asText("");
            if (!algorithm.equals("sha256") || !digest.matches("[0-9a-fA-F]{64}")) {
                throw new IntegrityFailure("Model " + model + ": " + MODEL_SIGNATURE + " gives '" + path + "' a "
                        + algorithm + " digest; only sha256 is verified here: sign with '--hash_algorithm sha256'");
            }
            put(model, MODEL_SIGNATURE, sums, path, HexFormat.of().parseHex(digest));
        }
        return new HashManifest(MODEL_SIGNATURE, sums);
    }

    private static void put(String model, String name, Map<String, byte[]> sums, String written, byte[] digest) {
        String path = written.startsWith("./") ? written.substring(2) : written;
        if (sums.put(path, digest) != null) {
            throw new IntegrityFailure("Model " + model + ": " + name + " lists '" + path + "' twice");
        }
    }

    /**
     * What stops the model before any download: files the manifest does not list, and files it lists that are not
     * in the model's prefix. Empty when the two match.
     */
    public Optional<String> mismatch(String model, String storageUri, List<RemoteObject> remote) {
        Set<String> present = new TreeSet<>();
        remote.stream().map(RemoteObject::path).filter(path -> !isManifest(path)).forEach(present::add);
        Set<String> unlisted = new TreeSet<>(present);
        unlisted.removeAll(sha256.keySet());
        Set<String> missing = new TreeSet<>(sha256.keySet());
        missing.removeAll(present);
        List<String> problems = new ArrayList<>();
        if (!unlisted.isEmpty()) {
            problems.add(name + " does not list " + files(unlisted) + " of " + storageUri
                    + ": add them to it, or remove them from the model's prefix");
        }
        if (!missing.isEmpty()) {
            problems.add(name + " lists " + files(missing) + " that " + storageUri
                    + " does not have: upload them, or remove their lines");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of("Model " + model + ": " + String.join("; ", problems));
    }

    /** The verification of a listed file: its SHA-256 from this manifest, whatever the object's headers offer. */
    public Optional<Verification> verification(String path, Verification fromHeaders) {
        byte[] expected = sha256.get(path);
        if (expected == null) {
            return Optional.empty();
        }
        return Optional.of(new Verification(VerificationMethod.MANIFEST_SHA256, ChecksumAlgorithm.SHA256, expected,
                List.of(), "sha256 listed in " + name + " (S3 offered: " + fromHeaders.reason() + ")"));
    }

    /** Each listed file's SHA-256 in hex, to tell a kept file whose digest the manifest changed. */
    public Map<String, String> hex() {
        Map<String, String> hex = new TreeMap<>();
        sha256.forEach((path, digest) -> hex.put(path, HexFormat.of().formatHex(digest)));
        return hex;
    }

    /** The failure of a model without a manifest when one is required; {@code requiredBy} says who requires it. */
    public static IntegrityFailure absent(String model, String storageUri, String requiredBy) {
        return new IntegrityFailure("Model " + model + ": " + storageUri + " has no hash manifest (" + SHA256SUMS
                    + " or " + MODEL_SIGNATURE + " in the model's prefix), and " + requiredBy + " requires one; write"
                    + " one with 'sha256sum -b * > " + SHA256SUMS + "' in the model's directory and upload it beside"
                    + " the files");
    }

    private static String files(Set<String> paths) {
        List<String> shown = paths.stream().limit(5).toList();
        return (paths.size() == 1 ? "1 file" : paths.size() + " files") + " (" + String.join(", ", shown)
                + (paths.size() > shown.size() ? ", ..." : "") + ")";
    }

    private static String abbreviate(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
