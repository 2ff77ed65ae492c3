package io.seldonmesh.modelfetcher.core;

/**
 * The key for SSE-C objects. S3 needs it on every HEAD and GET of such an object, as base64 of the
 * key and base64 of the key's MD5.
 */
public record SseCustomerKey(String algorithm, String keyBase64, String keyMd5Base64) {

    @Override
    public String toString() {
        return "SseCustomerKey[" + algorithm + ", key hidden]";
    }
}
