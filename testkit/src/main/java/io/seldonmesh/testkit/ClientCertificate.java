package io.seldonmesh.testkit;

import java.nio.file.Path;

/**
 * PEM files of a client identity: its certificate, its unencrypted PKCS#8 key, and the CA that
 * the broker trusts (to verify the broker with). On the mTLS listener the principal is
 * {@code User:<commonName>}.
 */
public record ClientCertificate(String commonName, Path certificate, Path privateKey, Path caCertificate) {
}
