package io.seldonmesh.secretsync.core;

import java.net.URI;
import java.util.Optional;

/**
 * The {@code token_endpoint_url} of an OAuth source. Printed without its query string: some identity providers
 * take an API key or signature there, and the endpoint shows up in log lines, Events, the unauthenticated
 * readiness JSON and the doctor. A URL with a user name or password is refused before it gets here
 * ({@link #userinfoProblem}).
 */
public record TokenEndpoint(URI uri) {

    static final String HIDDEN_QUERY = "?(query hidden)";

    /** Why the URL cannot be used because it carries credentials; empty when it carries none. */
    static Optional<String> userinfoProblem(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return Optional.empty();
        }
        return Optional.of("token_endpoint_url has a user name or password before the host (user:password@), which"
                + " would be printed wherever the URL is: put the client id and secret in client_id and client_secret"
                + " and remove them from the URL");
    }

    /** A URL as it may be printed: no user name or password, no query string, no fragment. */
    static String printable(URI uri) {
        StringBuilder text = new StringBuilder();
        if (uri.getScheme() != null) {
            text.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            text.append(uri.getHost());
        }
        if (uri.getPort() >= 0) {
            text.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            text.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            text.append(HIDDEN_QUERY);
        }
        return text.toString();
    }

    /** Text that failed to parse as a URL, as it may be printed: cut before anything that could be a credential. */
    static String printable(String text) {
        int cut = text.length();
        for (char c : new char[] {'@', '?', '#'}) {
            int at = text.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        String kept = text.substring(0, Math.min(cut, 80));
        return cut < text.length() ? kept + "...(rest hidden)" : kept;
    }

    @Override
    public String toString() {
        return printable(uri);
    }
}
