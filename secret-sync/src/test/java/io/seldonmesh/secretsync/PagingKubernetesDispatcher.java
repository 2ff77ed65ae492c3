package io.seldonmesh.secretsync;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Fabric8 mock server's CRUD mode, with list requests paged as a real API server pages them: {@code limit}
 * items per answer and a {@code continue} token for the rest. The mock alone answers every list whole, so a test
 * could not tell a client that pages from one that asks for half a gigabyte at once.
 *
 * <p>Unlike the API server, pages are not one consistent snapshot: the token is an offset into the stored
 * objects, so objects created or deleted between pages may be skipped or seen twice. Enough for memory tests.
 */
public final class PagingKubernetesDispatcher extends KubernetesCrudDispatcher {

    private final AtomicLong pagedLists = new AtomicLong();

    /** How many list answers were cut to a {@code limit}. */
    public long pagedLists() {
        return pagedLists.get();
    }

    /** The stored objects a list of this path would return (each as its JSON), without paging. */
    public List<String> stored(String path) {
        AttributeSet query = getAttributeExtractor().fromPath(path);
        List<String> matching = new ArrayList<>();
        synchronized (map) {
            map.forEach((attributes, json) -> {
                if (attributes.matches(query)) {
                    matching.add(json);
                }
            });
        }
        return matching;
    }

    @Override
    public MockResponse handleGet(String path) {
        Map<String, String> parameters = parameters(path);
        String limit = parameters.get("limit");
        if (limit == null || "true".equals(parameters.get("watch"))
                || getAttributeExtractor().fromPath(path).containsKey("name")) {
            return super.handleGet(path);
        }
        List<String> all = stored(path);
        int from = parameters.containsKey("continue") ? Integer.parseInt(parameters.get("continue")) : 0;
        int to = (int) Math.min(all.size(), from + Long.parseLong(limit));
        String next = to < all.size() ? ",\"continue\":\"" + to + "\"" : "";
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\""
                + requestResourceVersion() + "\"" + next + "},\"items\":[" + String.join(",", all.subList(Math.min(from, to), to))
                + "]}";
        pagedLists.incrementAndGet();
        return new MockResponse().setResponseCode(200).setBody(body);
    }

    private static Map<String, String> parameters(String path) {
        Map<String, String> parameters = new HashMap<>();
        int question = path.indexOf('?');
        if (question < 0) {
            return parameters;
        }
        for (String pair : path.substring(question + 1).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
