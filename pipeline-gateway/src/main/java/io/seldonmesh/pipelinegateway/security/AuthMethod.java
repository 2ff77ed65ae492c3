package io.seldonmesh.pipelinegateway.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** How a caller may prove who it is ({@code SELDON_AUTH_METHODS}); none configured means no one has to. */
public enum AuthMethod {
    /** A bearer token of the configured OIDC issuer, verified against its JWKS. */
    OIDC,
    /** A client certificate, verified by the TLS handshake against the client CA. */
    MTLS;

    /** @throws IllegalArgumentException naming the variable, the value and the methods there are */
    static Set<AuthMethod> parse(List<String> values) {
        Set<AuthMethod> methods = EnumSet.noneOf(AuthMethod.class);
        for (String value : values) {
            String name = value.trim().toUpperCase(Locale.ROOT);
            if (!name.isEmpty()) {
                methods.add(Arrays.stream(values()).filter(method -> method.name().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("SELDON_AUTH_METHODS='" + String.join(",",
                                values) + "': '" + value.trim() + "' is not a method; use oidc, mtls, or both"
                                + " (comma-separated), or leave it empty for no authentication")));
            }
        }
        return methods;
    }
}
