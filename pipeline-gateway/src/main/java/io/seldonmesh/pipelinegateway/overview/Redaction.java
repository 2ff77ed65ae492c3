package io.seldonmesh.pipelinegateway.overview;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides what looks like secret material in text shown to operators (error records name URLs, settings and headers
 * the model or its caller sent): bearer tokens and JWTs, {@code password=...}-style settings, passwords in URLs,
 * AWS access key ids and PEM private keys. It errs on the side of hiding: a redacted word costs less than a leaked key.
 */
public final class Redaction {

    /** What replaces a secret. */
    public static final String HIDDEN = "***";

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)",
                    Pattern.DOTALL), m -> "[private key " + HIDDEN + "]"),
            new Rule(Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{4,}"), m -> m.group(1) + " " + HIDDEN),
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"), m -> HIDDEN),
            new Rule(Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"), m -> HIDDEN),
            new Rule(Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/\\s:@]+):[^@\\s/]+@"), m -> m.group(1) + ":" + HIDDEN + "@"),
            new Rule(Pattern.compile("(?i)\\b([a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key"
                    + "(?:[_-]?id)?|credentials?|authorization|private[_-]?key|sasl\\.jaas\\.config)[a-z0-9_.-]*)"
                    + "(\"?\\s*[:=]\\s*\"?)(?!(?:bearer|basic)\\s)([^\\s\",;&}]+)"), m -> m.group(1) + m.group(2) + HIDDEN));

    private Redaction() {
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (Rule rule : RULES) {
            result = rule.apply(result);
        }
        return result;
    }

    private record Rule(Pattern pattern, java.util.function.Function<Matcher, String> replacement) {

        String apply(String text) {
            Matcher matcher = pattern.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
            }
            matcher.appendTail(out);
            return out.toString();
        }
    }
}
