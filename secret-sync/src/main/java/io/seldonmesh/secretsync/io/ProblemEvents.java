package io.seldonmesh.secretsync.io;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.seldonmesh.secretsync.core.Problem;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Records a problem as a Warning Event on its source Secret, where {@code kubectl describe secret} shows it to
 * whoever owns the source. Events are advisory: failing to write one is logged, never fatal.
 *
 * <p>The Event's name is derived from the problem, so the same problem reported again (after a restart, which
 * starts with an empty ledger, or when it comes back) counts up the Event already there instead of adding one:
 * {@code kubectl describe} shows "x3 over 2h" rather than a new Warning per restart.
 */
public final class ProblemEvents {

    public static final String COMPONENT = "secret-sync";
    private static final Logger LOG = Logger.getLogger(ProblemEvents.class);
    private static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final Clock clock;
    private final String instance;

    /** @param instance this pod's name, for {@code reportingInstance} */
    public ProblemEvents(KubernetesClient client, Clock clock, String instance) {
        this.client = client;
        this.clock = clock;
        this.instance = instance;
    }

    /** As client-go's recorder names them, {@code <object>.<hex>}; the hex is a digest of the problem. */
    static String eventName(Problem problem) {
        String identity = problem.reason().eventReason() + "\n" + problem.subject() + "\n" + problem.message();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return problem.source().name() + "." + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public void record(Problem problem, Optional<Secret> source) {
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String message = problem.message().length() <= MAX_MESSAGE ? problem.message()
                : problem.message().substring(0, MAX_MESSAGE - 3) + "...";
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(problem.source().namespace())
                .withName(eventName(problem))
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("v1").withKind("Secret")
                .withNamespace(problem.source().namespace()).withName(problem.source().name())
                .withUid(source.map(secret -> secret.getMetadata().getUid()).orElse(null))
                .withResourceVersion(source.map(secret -> secret.getMetadata().getResourceVersion()).orElse(null))
                .endInvolvedObject()
                .withType("Warning")
                .withReason(problem.reason().eventReason())
                .withMessage(message)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(instance)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        try {
            try {
                client.v1().events().inNamespace(problem.source().namespace()).resource(event).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                client.v1().events().inNamespace(problem.source().namespace()).withName(event.getMetadata().getName())
                        .edit(existing -> new EventBuilder(existing).withLastTimestamp(now)
                                .withCount(existing.getCount() == null ? 2 : existing.getCount() + 1).build());
            }
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record a %s Event on Secret %s (HTTP %d); the problem is still logged and counted",
                    problem.reason().eventReason(), problem.source(), e.getCode());
        }
    }
}
