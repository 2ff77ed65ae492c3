package io.seldonmesh.testkit;

import java.nio.file.Path;

/** PEM files of a server identity: its certificate chain (up to the CA) and its unencrypted PKCS#8 key. */
public record ServerCertificate(String commonName, Path certificate, Path privateKey) {
}
