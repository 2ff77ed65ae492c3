package io.seldonmesh.secretsync.core;

import io.seldonmesh.secretsync.core.PemMaterial.PemProblem;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When the certificates in one key of a source ({@code tls.crt} or {@code ca.crt}) stop being valid: the earliest
 * notAfter among them. A certificate past it still has the right shape, so the source is replicated as it is (the
 * broker decides), but an expired or soon-expiring certificate is warned about, with its date, before Kafka
 * clients start failing their handshakes.
 */
public record CertificateValidity(SourceRef source, String key, String subject, Instant notAfter) {

    /** How long before expiry the warning starts: time for a person to renew it. */
    public static final Duration WARN_BEFORE = Duration.ofDays(30);

    private static final List<String> CERTIFICATE_KEYS = List.of(SecretShape.TLS_CRT, SecretShape.CA_CRT);

    /** The validity of each certificate key of a source, for the keys that hold certificates. */
    public static List<CertificateValidity> of(SourceRef source, SecretData data) {
        List<CertificateValidity> validities = new ArrayList<>();
        for (String key : CERTIFICATE_KEYS) {
            Optional<byte[]> pem = data.bytes(key);
            if (pem.isEmpty()) {
                continue;
            }
            try {
                PemMaterial.certificates(key, pem.get()).stream()
                        .min(Comparator.comparing(X509Certificate::getNotAfter))
                        .ifPresent(first -> validities.add(new CertificateValidity(source, key,
                                first.getSubjectX500Principal().getName(), first.getNotAfter().toInstant())));
            } catch (PemProblem e) {
                // not certificates: the shape check reports that, not this one
            }
        }
        return validities;
    }

    /** The warning due at {@code now}, if any; its wording is stable until the certificate crosses its expiry. */
    public Optional<Problem> problem(Instant now) {
        String when = DateTimeFormatter.ISO_INSTANT.format(notAfter);
        String certificate = "The certificate in " + key + " of Secret " + source + " (subject " + subject + ")";
        if (!now.isBefore(notAfter)) {
            return Optional.of(new Problem(source, Problem.Reason.CERTIFICATE_EXPIRING, key, certificate
                    + " expired at " + when + "; Kafka will refuse it. Put a renewed certificate in the source Secret;"
                    + " secret-sync copies whatever it holds."));
        }
        if (now.plus(WARN_BEFORE).isAfter(notAfter)) {
            return Optional.of(new Problem(source, Problem.Reason.CERTIFICATE_EXPIRING, key, certificate
                    + " expires at " + when + ", in less than " + WARN_BEFORE.toDays() + " days. Put a renewed"
                    + " certificate in the source Secret before then."));
        }
        return Optional.empty();
    }
}
