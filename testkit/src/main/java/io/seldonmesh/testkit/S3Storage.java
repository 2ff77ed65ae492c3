package io.seldonmesh.testkit;

import java.net.URI;

/**
 * An S3-compatible store fixtures can write to: testkit's {@link S3Server}, or an existing endpoint a launcher
 * is pointed at. It says where it is and with which credentials a reader (a model fetcher's rclone remote)
 * reaches it, so a fixture can both upload its objects and describe how to fetch them.
 */
public interface S3Storage {

    /** The endpoint URL; readers use path-style addressing. */
    URI endpoint();

    String region();

    String accessKeyId();

    String secretAccessKey();

    /** Stores an object, or throws an unchecked exception naming the object and the store's answer. */
    void putObject(String bucket, String key, byte[] content);
}
