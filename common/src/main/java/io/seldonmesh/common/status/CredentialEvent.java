package io.seldonmesh.common.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.seldonmesh.common.json.Json;
import java.util.regex.Pattern;

/**
 * The value on {@code <prefix>.<namespace>.control.credentials}, keyed by secret name: a Kafka
 * credential Secret changed. It carries a fingerprint, never secret material, so a service can
 * tell whether its mounted copy is current without anyone reading the secret from the topic.
 *
 * @param namespace the namespace the Secret is in
 * @param name the Secret's name
 * @param resourceVersion the Secret's Kubernetes resourceVersion
 * @param sha256 lowercase hex SHA-256 of the Secret's data; for INVALID the fingerprint of the last good data, which
 *     the copies keep (null if it never was valid); null for a deletion. Always written, as {@code null} too, so
 *     every record has the same five fields
 * @param event what happened
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"namespace", "name", "resourceVersion", "sha256", "event"})
public record CredentialEvent(String namespace, String name, String resourceVersion,
                              @JsonInclude(JsonInclude.Include.ALWAYS) String sha256, Change event) {

    /**
     * Kubernetes watch event types, as the Secret watch reports them, and INVALID: the Secret still exists but is not
     * a usable credential now (a typo); its copies keep the last good data, so a client must not drop its credential.
     */
    public enum Change { ADDED, MODIFIED, DELETED, INVALID }

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public CredentialEvent {
        if (namespace == null || namespace.isEmpty() || name == null || name.isEmpty()) {
            throw new IllegalArgumentException("credential event needs the Secret's namespace and name, got namespace '"
                    + namespace + "' name '" + name + "'");
        }
        if (event == null) {
            throw new IllegalArgumentException("credential event for " + namespace + "/" + name
                    + " needs an event: ADDED, MODIFIED, DELETED or INVALID");
        }
        if (sha256 != null && !SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("credential event for " + namespace + "/" + name + " has sha256 '"
                    + sha256 + "': expected 64 lowercase hex digits (a fingerprint, never the secret itself)");
        }
        if (sha256 == null && (event == Change.ADDED || event == Change.MODIFIED)) {
            throw new IllegalArgumentException("credential event " + event + " for " + namespace + "/" + name
                    + " needs the sha256 fingerprint of the Secret's data");
        }
    }

    public byte[] toJson() {
        return Json.toBytes(this);
    }

    /** @throws IllegalArgumentException saying what is wrong with the record */
    public static CredentialEvent parse(byte[] json) {
        return StatusJson.read(json, CredentialEvent.class);
    }
}
