package io.seldonmesh.secretsync.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An access token and its validity as measured by this process's clock: {@code obtainedAt} is when
 * the request was sent and {@code expiresAt} adds the lifetime the issuer granted, so a skewed
 * issuer clock cannot make a fresh token look expired (or an expired one fresh).
 *
 * @param value the token itself: it goes into the token Secret and nowhere else
 */
public record IssuedToken(String value, Instant obtainedAt, Instant expiresAt) {

    public IssuedToken {
        Objects.requireNonNull(value);
        if (!expiresAt.isAfter(obtainedAt)) {
            throw new IllegalArgumentException("a token must expire after it was obtained: obtained " + obtainedAt
                    + ", expires " + expiresAt);
        }
    }

    public Duration lifetime() {
        return Duration.between(obtainedAt, expiresAt);
    }

    public boolean validAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "IssuedToken[obtainedAt=" + obtainedAt + ", expiresAt=" + expiresAt + "]";
    }
}
