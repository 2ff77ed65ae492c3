package io.seldonmesh.modelfetcher.core;

/** The S3 calls the fetcher makes, with the IAM action each one needs. */
public enum S3Operation {
    LIST("ListObjectsV2", "s3:ListBucket"),
    HEAD("HeadObject", "s3:GetObject"),
    ATTRIBUTES("GetObjectAttributes", "s3:GetObjectAttributes"),
    GET("GetObject", "s3:GetObject");

    private final String apiName;
    private final String iamAction;

    S3Operation(String apiName, String iamAction) {
        this.apiName = apiName;
        this.iamAction = iamAction;
    }

    public String apiName() {
        return apiName;
    }

    public String iamAction() {
        return iamAction;
    }
}
