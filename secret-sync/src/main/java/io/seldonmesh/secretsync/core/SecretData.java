package io.seldonmesh.secretsync.core;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The decoded contents of a Secret. Printing it shows key names only, never values.
 *
 * <p>The fingerprint ({@link #sha256()}) is what copies record and what credential events carry: SHA-256 over,
 * for each key in sorted order, the key's UTF-8 bytes, a newline, the value's length in decimal ASCII, a newline
 * and the value bytes. A service can compute the same value over the files of its mounted Secret.
 */
public final class SecretData {

    private final SortedMap<String, byte[]> entries;
    // derived from the immutable entries, computed at most a few times even when threads race
    private Map<String, String> base64;
    private String sha256;

    private SecretData(SortedMap<String, byte[]> entries) {
        this.entries = entries;
    }

    /**
     * Reads {@code data} (base64) and {@code stringData} (plain text, which wins, as on the API server).
     *
     * @throws IllegalArgumentException naming a key whose value is not base64
     */
    public static SecretData of(Secret secret) {
        SortedMap<String, byte[]> entries = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> {
                try {
                    entries.put(key, Base64.getDecoder().decode(value == null ? "" : value.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("key " + key + " does not hold base64 data");
                }
            });
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((key, value) ->
                    entries.put(key, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8)));
        }
        return new SecretData(entries);
    }

    public static SecretData ofText(Map<String, String> values) {
        SortedMap<String, byte[]> entries = new TreeMap<>();
        values.forEach((key, value) -> entries.put(key, value.getBytes(StandardCharsets.UTF_8)));
        return new SecretData(entries);
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public Optional<byte[]> bytes(String key) {
        return Optional.ofNullable(entries.get(key)).map(byte[]::clone);
    }

    public Optional<String> text(String key) {
        return Optional.ofNullable(entries.get(key)).map(value -> new String(value, StandardCharsets.UTF_8));
    }

    /**
     * The {@code data} map of a Secret holding these values. Encoded once: every copy of a source shares the same
     * strings (a 1 MB source in 500 namespaces would otherwise be encoded 500 times per pass, and held as many times
     * by the pass's planned creates).
     */
    public Map<String, String> base64() {
        Map<String, String> encoded = base64;
        if (encoded == null) {
            Map<String, String> building = new LinkedHashMap<>();
            entries.forEach((key, value) -> building.put(key, Base64.getEncoder().encodeToString(value)));
            encoded = Collections.unmodifiableMap(building);
            base64 = encoded;
        }
        return encoded;
    }

    public String sha256() {
        String fingerprint = sha256;
        if (fingerprint == null) {
            fingerprint = computeSha256();
            sha256 = fingerprint;
        }
        return fingerprint;
    }

    private String computeSha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            entries.forEach((key, value) -> {
                digest.update(key.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
                digest.update(Integer.toString(value.length).getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) '\n');
                digest.update(value);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SecretData that) || !entries.keySet().equals(that.entries.keySet())) {
            return false;
        }
        return entries.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), that.entries.get(e.getKey())));
    }

    @Override
    public int hashCode() {
        return entries.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "SecretData" + entries.keySet();
    }
}
