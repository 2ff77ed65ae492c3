package io.seldonmesh.modelfetcher.core;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5, SHA-1 and SHA-256 through the JDK, whose implementations use the CPU's SHA instructions. */
final class MessageDigestChecksum implements RunningChecksum {

    private final MessageDigest digest;

    MessageDigestChecksum(String jdkName) {
        try {
            this.digest = MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE runtime must provide MD5, SHA-1 and SHA-256.
            throw new IllegalStateException("this Java runtime has no " + jdkName + " digest", e);
        }
    }

    @Override
    public void update(ByteBuffer data) {
        digest.update(data);
    }

    @Override
    public byte[] finish() {
        return digest.digest();
    }
}
