package io.seldonmesh.pipelinegateway.security;

import io.seldonmesh.pipelinegateway.core.InferenceFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The answers to a caller who may not do what it asked, REST and gRPC alike: each names the action, the role it
 * needs, and what to do about it. A 401 says how to send a credential; a 403 who the caller is and where the role
 * it lacks is granted.
 */
final class AccessDecision {

    private AccessDecision() {
    }

    /** Empty when the caller holds {@code role}. */
    static Optional<InferenceFailure> forCaller(String action, String role, Caller caller) {
        if (caller.roles().contains(role)) {
            return Optional.empty();
        }
        String has = caller.roles().isEmpty() ? "no role" : "roles " + caller.roles();
        return Optional.of(new InferenceFailure(InferenceFailure.Reason.FORBIDDEN, action + " needs role '" + role
                + "'; " + caller.description() + " has " + has + " (from " + caller.roleSource() + "): grant it '"
                + role + "' there"));
    }

    static InferenceFailure noCredential(String action, String role, AccessSettings settings) {
        return new InferenceFailure(InferenceFailure.Reason.UNAUTHENTICATED, action + " needs role '" + role
                + "' and the request carries no credential: " + howToAuthenticate(role, settings));
    }

    static InferenceFailure tokenRefused(String action, String role, String why) {
        return new InferenceFailure(InferenceFailure.Reason.UNAUTHENTICATED, action + " needs role '" + role
                + "' and the bearer token was refused: " + why);
    }

    /** The issuer could not be asked (its keys, its discovery document): not the caller's fault. */
    static InferenceFailure tokensUnverifiable(String action, String issuer, String cause) {
        return new InferenceFailure(InferenceFailure.Reason.NOT_READY, action + " cannot be authorized now: bearer"
                + " tokens of '" + issuer + "' cannot be verified (" + cause + "); try again later");
    }

    private static String howToAuthenticate(String role, AccessSettings settings) {
        List<String> ways = new ArrayList<>();
        settings.oidc().ifPresent(issuer -> ways.add("send 'authorization: Bearer <token>' (an HTTP header, or gRPC"
                + " metadata) with a token of '" + issuer.url() + "' for audience '" + issuer.audience() + "'"));
        if (settings.accepts(AuthMethod.MTLS)) {
            ways.add("connect with a client certificate signed by the CA of SELDON_GATEWAY_CLIENT_TLS_CA_LOCATION"
                    + " whose subject SELDON_AUTH_CLIENT_CERT_ROLES gives '" + role + "'");
        }
        return String.join(", or ", ways);
    }
}
