package io.seldonmesh.modelfetcher.io;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.seldonmesh.modelfetcher.core.S3Access;
import io.seldonmesh.modelfetcher.core.S3Credentials;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * S3 clients, one per remote configuration, kept for reuse: building one costs tens of
 * milliseconds warm and about a second in a fresh JVM, which a re-sync must not pay. A changed
 * secret is a different {@link S3Access} and gets a new client. The SDK's own response checksum
 * validation is off: the fetcher verifies every object itself, by the rules of
 * {@code ChecksumPolicy} (the SDK would compute a second checksum of each body, and needs a native
 * library for CRC64NVME).
 */
final class S3Clients implements AutoCloseable {

    private static final int KEPT = 16;
    static final Region DEFAULT_REGION = Region.US_EAST_1;
    private static final Logger LOG = Logger.getLogger(S3Clients.class);
    private static volatile boolean noRegionLogged;

    private final ExecutionInterceptor requestMetrics;
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final Map<S3Access, S3Client> clients = new LinkedHashMap<>(KEPT, 0.75f, true);

    S3Clients(ExecutionInterceptor requestMetrics, Duration connectTimeout, Duration socketTimeout) {
        this.requestMetrics = requestMetrics;
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
    }

    synchronized S3Client forAccess(S3Access access) {
        S3Client client = clients.get(access);
        if (client == null) {
            client = build(access);
            clients.put(access, client);
            if (clients.size() > KEPT) {
                Map.Entry<S3Access, S3Client> eldest = clients.entrySet().iterator().next();
                clients.remove(eldest.getKey());
                eldest.getValue().close();
            }
        }
        return client;
    }

    /** Builds and drops one client, so that the SDK's one-time initialisation happens at start-up. */
    void warmUp() {
        S3Access placeholder = new S3Access("warm-up", Optional.empty(), Optional.of(URI.create("http://127.0.0.1:9")),
                Optional.of("us-east-1"), true, new S3Credentials.AccessKeys("warm-up", "warm-up", Optional.empty()),
                Optional.empty(), Optional.empty(), false);
        build(placeholder).close();
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(S3Client::close);
        clients.clear();
    }

    private S3Client build(S3Access access) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(connectTimeout)
                        .socketTimeout(socketTimeout)
                        .build())
                .credentialsProvider(credentials(access.credentials()))
                .forcePathStyle(access.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(override -> override.addExecutionInterceptor(requestMetrics));
        access.endpoint().ifPresent(builder::endpointOverride);
        builder.region(access.region().map(Region::of).orElseGet(() -> regionOfTheChain(() ->
                new DefaultAwsRegionProviderChain().getRegion())));
        return builder.build();
    }

    /**
     * The region for a bare {@code s3://} URI: the AWS region chain's (AWS_REGION, the profile, the instance's), else
     * us-east-1 as rclone and the S3 console assume: a bucket elsewhere then answers with its own region, which the
     * fetcher's diagnosis names ("wrong region or endpoint: the bucket is in region ..."), instead of the SDK's
     * "Unable to load region from any of the providers in the chain" before any request.
     */
    static Region regionOfTheChain(Supplier<Region> chain) {
        try {
            return chain.get();
        } catch (SdkClientException none) {
            if (!noRegionLogged) {
                noRegionLogged = true;
                LOG.infof("no AWS region is configured for bare s3:// URIs (AWS_REGION, AWS_DEFAULT_REGION, the profile,"
                        + " the instance metadata): using %s; a bucket in another region will say which", DEFAULT_REGION);
            }
            return DEFAULT_REGION;
        }
    }

    private static AwsCredentialsProvider credentials(S3Credentials credentials) {
        if (credentials instanceof S3Credentials.AccessKeys keys) {
            return StaticCredentialsProvider.create(keys.sessionToken()
                    .<AwsCredentials>map(token -> AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), token))
                    .orElseGet(() -> AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
