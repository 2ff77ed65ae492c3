package io.seldonmesh.modelfetcher.core;

import java.util.Optional;

/** Where the S3 client's credentials come from. */
public sealed interface S3Credentials {

    /** The AWS default chain: environment, profile, web identity (IRSA), container and instance roles. */
    record DefaultChain() implements S3Credentials {
    }

    /** Keys written in the remote's config; never printed. */
    record AccessKeys(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) implements S3Credentials {
        @Override
        public String toString() {
            return "AccessKeys[" + accessKeyId + ", secret and token hidden]";
        }
    }
}
