package io.seldonmesh.modelfetcher.core;

/** How a downloaded object's content is checked, strongest first. */
public enum VerificationMethod {
    /** The SHA-256 the model's owner listed in its hash manifest ({@link HashManifest}), whatever S3 offers. */
    MANIFEST_SHA256,
    /** An S3 additional checksum (full-object, or composite over the uploaded parts). */
    S3_CHECKSUM,
    /** The ETag, which is the MD5 of the content for a single-part object not encrypted with KMS or SSE-C. */
    ETAG_MD5,
    /** The base64 MD5 rclone stores in {@code x-amz-meta-md5chksum} when it uploads. */
    RCLONE_MD5CHKSUM,
    /** Nothing but the length: the object offers no checksum that can be trusted. */
    SIZE
}
