package io.seldonmesh.common.kafka.client;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Kafka 4 refuses to call an OAuth token endpoint unless the JVM property
 * {@code org.apache.kafka.sasl.oauthbearer.allowed.urls} lists it (a guard against server-side request forgery
 * through client configuration). The URL here comes from the operator's own mounted secret, so it is trusted: this
 * adds it to the list, keeping whatever the JVM was started with.
 */
final class OAuthAllowedUrls {

    static final String PROPERTY = "org.apache.kafka.sasl.oauthbearer.allowed.urls";

    private OAuthAllowedUrls() {
    }

    static synchronized void allow(String url) {
        Set<String> allowed = new LinkedHashSet<>();
        String current = System.getProperty(PROPERTY, "");
        Arrays.stream(current.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(allowed::add);
        if (allowed.add(url)) {
            System.setProperty(PROPERTY, String.join(",", allowed));
        }
    }
}
