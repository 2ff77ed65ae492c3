package io.seldonmesh.secretsync.core;

/**
 * Something a person has to fix, reported once (log line, Kubernetes Event on the source, metric) when it
 * appears and logged again when it goes away.
 *
 * @param subject what the problem is about besides the source, e.g. the conflicting target Secret; may be empty
 * @param message for a person: what is wrong, with which Secret, what to do; never secret material
 */
public record Problem(SourceRef source, Reason reason, String subject, String message) {

    /** The Event reasons, in Kubernetes' UpperCamelCase. */
    public enum Reason {
        INVALID_SECRET("InvalidSecret"),
        COPY_CONFLICT("CopyConflict"),
        TOKEN_REFRESH_FAILED("TokenRefreshFailed"),
        CERTIFICATE_EXPIRING("CertificateExpiring");

        private final String eventReason;

        Reason(String eventReason) {
            this.eventReason = eventReason;
        }

        public String eventReason() {
            return eventReason;
        }
    }

    public static Problem invalid(SourceRef source, Validity validity) {
        return new Problem(source, Reason.INVALID_SECRET, "", validity.describe(source));
    }

    public static Problem conflict(SourceRef source, String namespace, String name, String owner) {
        return new Problem(source, Reason.COPY_CONFLICT, namespace + "/" + name, "Secret " + namespace + "/" + name
                + " already exists and is " + owner + ", so the copy of " + source + " was not written. Delete or "
                + "rename that Secret to let secret-sync manage it, or stop selecting its namespace or the source.");
    }
}
