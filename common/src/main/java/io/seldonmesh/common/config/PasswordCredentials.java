package io.seldonmesh.common.config;

import java.nio.file.Path;

/**
 * SASL PLAIN or SCRAM credentials: the user name from {@code KAFKA_CLIENT_SASL_USERNAME}, the password in the file
 * named by {@code KAFKA_CLIENT_SASL_PASSWORD_LOCATION}. Only the path is kept: the password is read from the file at
 * each authentication, so a rotated secret needs no restart.
 */
public record PasswordCredentials(String username, Path passwordFile) {
}
