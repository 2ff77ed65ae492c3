package io.seldonmesh.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a steady stream of requests saw during one fault: every request's outcome, reduced to the row of the fault
 * table. Pure, so that what counts as lost or recovered is decided in one place and tested without processes.
 *
 * <p>A request is <em>answered</em> (200), a <em>clear error</em> (any other status with an {@code {"error": ...}}
 * body saying why, among them a 504 passing on model-gateway's error record for a model server slower than its
 * timeout, and a refused connection: nothing was accepted, the client knows it and may send again, as a load
 * balancer does), or <em>lost</em>: no HTTP answer on a connection that was made (the request's fate is unknown),
 * pipeline-gateway's own 504 (nothing came back on the outputs topic within the request's timeout), or an error
 * without a reason. <em>Recovery</em> is the time from the fault to the first answered request after the last one
 * that was not answered (zero when nothing failed); the <em>slowest answer</em> shows what recovery does not, requests
 * held during an outage and answered late.
 */
public final class FaultTally {

    /** One request: when it was sent and when its answer came (relative to the stream's start), and what came back. */
    public record Outcome(String requestId, long sentMillis, int status, String body, long answeredMillis) {

        static final int NO_ANSWER = -1;
        /** What pipeline-gateway's 504 says when nothing came back for the request (its PendingRequest.timedOut). */
        static final String NOTHING_CAME_BACK = "did not answer request";

        boolean answered() {
            return status == 200;
        }

        /** What the HTTP client says when nothing listens on the address: the request never left. */
        static final String REFUSED = "java.net.ConnectException";

        boolean clearError() {
            if (status == NO_ANSWER) {
                return body != null && body.contains(REFUSED);
            }
            return status != 200 && body != null && body.contains("\"error\"")
                    && !(status == 504 && body.contains(NOTHING_CAME_BACK));
        }

        boolean lost() {
            return !answered() && !clearError();
        }

        Outcome(String requestId, long sentMillis, int status, String body) {
            this(requestId, sentMillis, status, body, sentMillis);
        }
    }

    /** One line of the table. */
    public record Row(String scenario, int sent, int answered, int clearErrors, int lost, int duplicates,
                      Duration recovery, Duration slowestAnswer, Map<String, Integer> errorsSeen) {

        String line() {
            return String.format("| %-44s | %5d | %8d | %12d | %4d | %10d | %8s | %8s | %s |", scenario, sent,
                    answered, clearErrors, lost, duplicates, recovery == null ? "never" : recovery.toMillis() + " ms",
                    slowestAnswer.toMillis() + " ms", errorsSeen.isEmpty() ? "-" : errorsSeen.toString());
        }

        static String header() {
            return "| scenario                                     |  sent | answered | clear errors | lost | duplicates"
                    + " | recovery | slowest answer | errors seen (status: first words) |\n"
                    + "|---|---|---|---|---|---|---|---|---|";
        }
    }

    private FaultTally() {
    }

    /**
     * @param faultMillis when the fault was injected, on the outcomes' clock
     * @param duplicates  answers written more than once for one request (counted on the outputs topic)
     */
    public static Row tally(String scenario, List<Outcome> outcomes, long faultMillis, int duplicates) {
        List<Outcome> bySend = new ArrayList<>(outcomes);
        bySend.sort(Comparator.comparingLong(Outcome::sentMillis));
        Map<String, Integer> errorsSeen = new TreeMap<>();
        long lastFailure = Long.MIN_VALUE;
        for (Outcome outcome : bySend) {
            if (!outcome.answered()) {
                errorsSeen.merge(reason(outcome), 1, Integer::sum);
                lastFailure = Math.max(lastFailure, outcome.sentMillis());
            }
        }
        Duration recovery = Duration.ZERO;
        if (lastFailure != Long.MIN_VALUE) {
            long failedAt = lastFailure;
            recovery = bySend.stream().filter(Outcome::answered).filter(o -> o.sentMillis() > failedAt).findFirst()
                    .map(o -> Duration.ofMillis(Math.max(0, o.sentMillis() - faultMillis))).orElse(null);
        }
        Duration slowest = Duration.ofMillis(outcomes.stream().filter(Outcome::answered)
                .mapToLong(o -> o.answeredMillis() - o.sentMillis()).max().orElse(0));
        int answered = (int) outcomes.stream().filter(Outcome::answered).count();
        int clear = (int) outcomes.stream().filter(Outcome::clearError).count();
        int lost = (int) outcomes.stream().filter(Outcome::lost).count();
        return new Row(scenario, outcomes.size(), answered, clear, lost, duplicates, recovery, slowest, errorsSeen);
    }

    /** The status and the first words of the error, enough to tell the reasons apart in one table cell. */
    static String reason(Outcome outcome) {
        if (outcome.status() == Outcome.NO_ANSWER) {
            return "no answer: " + firstWords(outcome.body());
        }
        String body = outcome.body() == null ? "" : outcome.body().replaceFirst("^\\{\"error\":\"", "");
        return outcome.status() + ": " + firstWords(body);
    }

    private static String firstWords(String text) {
        if (text == null) {
            return "";
        }
        String[] words = text.split("\\s+");
        return String.join(" ", List.of(words).subList(0, Math.min(5, words.length)));
    }
}
