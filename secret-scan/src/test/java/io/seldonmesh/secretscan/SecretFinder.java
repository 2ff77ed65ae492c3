package io.seldonmesh.secretscan;

import io.seldonmesh.testkit.UsedSecrets.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What counts as a secret in a line of output: any value the tests recorded as used (testkit's {@code UsedSecrets}),
 * the same value base64-encoded (a Basic header, a Kubernetes Secret's data, a password inside an encoded blob), and
 * two shapes that are secret whoever made them: a JSON Web Token (a service's own access token, which no test saw)
 * and the first line of a PEM private key. A hit is reported with the secret replaced, never in the clear.
 *
 * <p>The build's logs run to many megabytes and the ledger to hundreds of values, so a line is not searched once
 * per secret: a rolling hash of every {@value #WINDOW}-character window is looked up among the secrets' first
 * windows (a bit set first, then a map), and only a window that matches one is compared in full.
 */
final class SecretFinder {

    static final String REDACTED = "[REDACTED]";
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}");
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");
    /** Already base64 (a PEM line, a token): encoding it again finds nothing a service would print. */
    private static final Pattern BASE64_ALREADY = Pattern.compile("[A-Za-z0-9+/=_.-]{40,}");
    private static final int WINDOW = 8;
    private static final int SHOWN = 160;
    private static final int FILTER_BITS = 1 << 20;
    private static final long POWER = power(31, WINDOW - 1);

    /** One secret seen on one line: what it is, and the line with every secret in it replaced. */
    record Hit(String kind, String redactedLine) {
    }

    /** A text to look for and the secret it stands for. */
    private record Needle(String text, String kind) {
    }

    private final List<Needle> needles;
    /** Needles shorter than a window: searched with {@code contains}. */
    private final List<Needle> shortNeedles = new ArrayList<>();
    private final Map<Long, List<Needle>> byFirstWindow = new HashMap<>();
    private final BitSet filter = new BitSet(FILTER_BITS);

    SecretFinder(List<Secret> secrets) {
        Set<Needle> all = new LinkedHashSet<>();
        for (Secret secret : secrets) {
            all.add(new Needle(secret.value(), secret.kind()));
            if (!BASE64_ALREADY.matcher(secret.value()).matches()) {
                for (String encoded : base64Forms(secret.value())) {
                    all.add(new Needle(encoded, secret.kind() + ", base64-encoded"));
                }
            }
        }
        this.needles = List.copyOf(all);
        for (Needle needle : needles) {
            if (needle.text().length() < WINDOW) {
                shortNeedles.add(needle);
            } else {
                long hash = hash(needle.text(), 0);
                byFirstWindow.computeIfAbsent(hash, h -> new ArrayList<>()).add(needle);
                filter.set(slot(hash));
            }
        }
    }

    /**
     * The value base64-encoded as it shows inside a longer encoding at each of the three byte alignments (e.g. a
     * password after {@code user:} in a Basic header): only the characters that depend on the value's bytes alone,
     * so a form matches wherever the value sits in what was encoded.
     */
    static List<String> base64Forms(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        List<String> forms = new ArrayList<>();
        for (int offset = 0; offset <= 2; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = Base64.getEncoder().encodeToString(shifted);
            // four characters a three bytes: the first 0, 2 or 3 depend on the bytes before the value, and a last
            // group short of three bytes on those after it
            int whole = shifted.length / 3 * 4;
            int start = new int[] {0, 2, 3}[offset];
            forms.add(encoded.substring(start, Math.max(start, whole)));
        }
        return forms.stream().filter(form -> form.length() >= WINDOW).toList();
    }

    List<Hit> find(String line) {
        Set<String> kinds = new LinkedHashSet<>();
        for (Needle needle : shortNeedles) {
            if (line.contains(needle.text())) {
                kinds.add(needle.kind());
            }
        }
        if (line.length() >= WINDOW && !byFirstWindow.isEmpty()) {
            long hash = hash(line, 0);
            for (int start = 0; ; start++) {
                if (filter.get(slot(hash))) {
                    for (Needle needle : byFirstWindow.getOrDefault(hash, List.of())) {
                        if (line.startsWith(needle.text(), start)) {
                            kinds.add(needle.kind());
                        }
                    }
                }
                if (start + WINDOW >= line.length()) {
                    break;
                }
                hash = (hash - line.charAt(start) * POWER) * 31 + line.charAt(start + WINDOW);
            }
        }
        if (line.contains("eyJ") && JWT.matcher(line).find()) {
            kinds.add("a JSON Web Token (an access token)");
        }
        if (line.contains("PRIVATE KEY-----") && PRIVATE_KEY.matcher(line).find()) {
            kinds.add("a PEM private key");
        }
        if (kinds.isEmpty()) {
            return List.of();
        }
        String redacted = redact(line);
        return kinds.stream().map(kind -> new Hit(kind, redacted)).toList();
    }

    private String redact(String line) {
        String redacted = line;
        // longest first: a secret's base64 form must not be left half-replaced by a shorter one
        for (Needle needle : needles.stream().sorted((a, b) -> b.text().length() - a.text().length()).toList()) {
            redacted = redacted.replace(needle.text(), REDACTED);
        }
        redacted = JWT.matcher(redacted).replaceAll(Matcher.quoteReplacement(REDACTED));
        redacted = redacted.strip();
        return redacted.length() <= SHOWN ? redacted : redacted.substring(0, SHOWN) + "…";
    }

    private static long hash(String text, int start) {
        long hash = 0;
        for (int i = start; i < start + WINDOW; i++) {
            hash = hash * 31 + text.charAt(i);
        }
        return hash;
    }

    private static int slot(long hash) {
        return (int) ((hash ^ (hash >>> 29)) & (FILTER_BITS - 1));
    }

    private static long power(long base, int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= base;
        }
        return result;
    }
}
