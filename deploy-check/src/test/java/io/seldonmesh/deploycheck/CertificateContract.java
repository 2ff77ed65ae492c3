package io.seldonmesh.deploycheck;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * cert-manager {@code Certificate}s (cert-manager.io/v1) and the TLS of the services' own ports: each Certificate
 * names only fields cert-manager knows, keeps a Secret some workload mounts, and (for {@code server auth}) carries
 * the DNS name of every Service in front of those pods; a service's server TLS variables
 * ({@code SELDON_GATEWAY_SERVER_TLS_*}, any {@code *_SERVER_TLS_*} or {@code *_CLIENT_TLS_CA_LOCATION} that is not
 * Kafka's) point at {@code tls.key}, {@code tls.crt}, {@code ca.crt} of such a Secret's mount; and a service that
 * serves TLS ({@code *_SECURITY_PROTOCOL=SSL}, Kafka's apart) is probed and scraped over HTTPS. Fabric8 has no model
 * class for Certificate, so its fields are checked against cert-manager's v1 API here.
 */
final class CertificateContract {

    static final String API_VERSION = "cert-manager.io/v1";
    private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
    // cert-manager v1 CertificateSpec
    private static final Set<String> SPEC = Set.of("secretName", "issuerRef", "dnsNames", "commonName", "ipAddresses",
            "uris", "emailAddresses", "otherNames", "duration", "renewBefore", "renewBeforePercentage", "privateKey",
            "usages", "isCA", "subject", "literalSubject", "secretTemplate", "keystores", "revisionHistoryLimit",
            "additionalOutputFormats", "nameConstraints", "encodeUsagesInRequest");
    private static final Set<String> ISSUER_REF = Set.of("name", "kind", "group");
    private static final Set<String> PRIVATE_KEY = Set.of("algorithm", "size", "encoding", "rotationPolicy");
    private static final Set<String> USAGES = Set.of("signing", "digital signature", "content commitment",
            "key encipherment", "key agreement", "data encipherment", "cert sign", "crl sign", "encipher only",
            "decipher only", "any", "server auth", "client auth", "code signing", "email protection", "s/mime",
            "ipsec end system", "ipsec tunnel", "ipsec user", "timestamping", "ocsp signing", "microsoft sgc",
            "netscape sgc");
    /** The key of cert-manager's Secret each kind of location variable must name. */
    private static final Map<String, String> SECRET_KEYS = Map.of(
            "_SERVER_TLS_KEY_LOCATION", "tls.key", "_SERVER_TLS_CRT_LOCATION", "tls.crt", "_CLIENT_TLS_CA_LOCATION", "ca.crt");

    private CertificateContract() {
    }

    static List<String> check(Deployed cluster) {
        List<String> problems = new ArrayList<>();
        for (GenericKubernetesResource certificate : cluster.certificates()) {
            problems.addAll(fieldProblems(certificate));
            checkServed(certificate, cluster, problems);
        }
        for (Workload workload : cluster.workloads()) {
            for (Container container : workload.containers()) {
                Map<String, String> environment = ContainerEnvironment.of(workload, container, cluster, new ArrayList<>());
                checkLocations(workload, container, environment, cluster, problems);
                if (servesTls(environment)) {
                    checkHttps(workload, container, cluster, problems);
                }
            }
        }
        return problems;
    }

    /** What is wrong with the document as cert-manager would read it; empty when nothing is. */
    static List<String> fieldProblems(GenericKubernetesResource certificate) {
        String where = id(certificate);
        List<String> problems = new ArrayList<>();
        if (!API_VERSION.equals(certificate.getApiVersion())) {
            problems.add(where + ": apiVersion " + certificate.getApiVersion() + ", not " + API_VERSION);
        }
        unknown(where, certificate.getAdditionalProperties().keySet(), Set.of("spec"), problems);
        Map<String, Object> spec = spec(certificate);
        unknown(where + " spec", spec.keySet(), SPEC, problems);
        Map<String, Object> issuer = map(spec.get("issuerRef"));
        unknown(where + " spec.issuerRef", issuer.keySet(), ISSUER_REF, problems);
        unknown(where + " spec.privateKey", map(spec.get("privateKey")).keySet(), PRIVATE_KEY, problems);
        if (secretName(certificate) == null) {
            problems.add(where + ": no spec.secretName (the Secret cert-manager writes the key and certificate to)");
        }
        if (issuer.get("name") == null) {
            problems.add(where + ": no spec.issuerRef.name (the Issuer or ClusterIssuer that signs it)");
        }
        usages(certificate).stream().filter(u -> !USAGES.contains(u))
                .forEach(u -> problems.add(where + ": usage '" + u + "' is not one cert-manager knows (" + new TreeSet<>(USAGES) + ")"));
        try {
            Duration duration = goDuration(spec.getOrDefault("duration", "2160h"));
            Duration renewBefore = goDuration(spec.getOrDefault("renewBefore", "720h"));
            if (renewBefore.compareTo(duration) >= 0) {
                problems.add(where + ": renewBefore " + spec.get("renewBefore") + " is not shorter than duration "
                        + spec.getOrDefault("duration", "2160h (cert-manager's default)") + ": it would be renewed forever");
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            problems.add(where + ": duration/renewBefore must be Go durations such as 2160h: " + e.getMessage());
        }
        return problems;
    }

    static String secretName(GenericKubernetesResource certificate) {
        Object name = spec(certificate).get("secretName");
        return name == null ? null : name.toString();
    }

    /** Mounted somewhere, and named for every Service in front of the pods that serve it. */
    private static void checkServed(GenericKubernetesResource certificate, Deployed cluster, List<String> problems) {
        String secret = secretName(certificate);
        List<Workload> serving = cluster.workloads().stream().filter(w -> secretVolume(w, secret).isPresent()).toList();
        if (secret != null && serving.isEmpty()) {
            problems.add(id(certificate) + ": its Secret " + secret + " is mounted by no workload, so no port serves it");
        }
        if (!usages(certificate).contains("server auth")) {
            return;
        }
        List<String> dnsNames = strings(spec(certificate).get("dnsNames"));
        for (Workload workload : serving) {
            for (Service service : cluster.services()) {
                String name = service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc";
                if (workload.selectedBy(service.getSpec().getSelector()) && !dnsNames.contains(name)) {
                    problems.add(id(certificate) + ": Service " + service.getMetadata().getName() + " reaches " + workload
                            + ", which serves this certificate, but " + name + " is not among its dnsNames " + dnsNames
                            + "; clients checking the host name would refuse it");
                }
            }
        }
    }

    private static void checkLocations(Workload workload, Container container, Map<String, String> environment,
                                       Deployed cluster, List<String> problems) {
        String where = workload + "/" + container.getName();
        environment.forEach((variable, value) -> {
            Optional<String> key = SECRET_KEYS.entrySet().stream().filter(e -> variable.endsWith(e.getKey()))
                    .map(Map.Entry::getValue).findFirst();
            if (key.isEmpty() || SeldonSecrets.LOCATIONS.containsKey(variable) || value == null || value.isBlank()) {
                return;
            }
            Path file = Path.of(value);
            Optional<VolumeMount> mount = container.getVolumeMounts().stream()
                    .filter(m -> file.getParent() != null && file.getParent().equals(Path.of(m.getMountPath()))).findFirst();
            Optional<Volume> volume = mount.flatMap(m -> workload.template().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(m.getName())).findFirst());
            if (volume.isEmpty() || volume.get().getSecret() == null) {
                problems.add(where + ": " + variable + "=" + value + " is in no Secret volume mounted in this container"
                        + " (mount the Secret of a cert-manager Certificate at " + file.getParent() + ")");
                return;
            }
            String secret = volume.get().getSecret().getSecretName();
            if (cluster.certificateFor(secret).isEmpty()) {
                problems.add(where + ": " + variable + "=" + value + " is in Secret " + secret
                        + ", which no Certificate in this build keeps (nothing would renew it)");
            }
            var items = volume.get().getSecret().getItems();
            boolean present = items.isEmpty() ? file.getFileName().toString().equals(key.get())
                    : items.stream().anyMatch(i -> i.getKey().equals(key.get()) && i.getPath().equals(file.getFileName().toString()));
            if (!present) {
                problems.add(where + ": " + variable + "=" + value + " is not the key " + key.get() + " of Secret " + secret
                        + " (cert-manager writes tls.key, tls.crt and ca.crt)");
            }
        });
    }

    /** The kubelet and Prometheus must speak TLS to a port that serves only TLS. */
    @SuppressWarnings("unchecked")
    private static void checkHttps(Workload workload, Container container, Deployed cluster, List<String> problems) {
        String where = workload + "/" + container.getName();
        Stream.of(Map.entry("startupProbe", Optional.ofNullable(container.getStartupProbe())),
                        Map.entry("livenessProbe", Optional.ofNullable(container.getLivenessProbe())),
                        Map.entry("readinessProbe", Optional.ofNullable(container.getReadinessProbe())))
                .filter(p -> p.getValue().map(Probe::getHttpGet).isPresent())
                .filter(p -> !"HTTPS".equals(p.getValue().get().getHttpGet().getScheme()))
                .forEach(p -> problems.add(where + ": serves TLS but its " + p.getKey() + " asks over HTTP (scheme: HTTPS)"));
        for (GenericKubernetesResource monitor : cluster.serviceMonitors()) {
            Map<String, Object> spec = map(monitor.getAdditionalProperties().get("spec"));
            Map<String, Object> selector = map(map(spec.get("selector")).get("matchLabels"));
            boolean scrapesThis = cluster.services().stream()
                    .filter(s -> s.getMetadata().getLabels() != null && s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                    .anyMatch(s -> workload.selectedBy(s.getSpec().getSelector()));
            if (!scrapesThis) {
                continue;
            }
            for (Object endpoint : (List<Object>) spec.getOrDefault("endpoints", List.of())) {
                if (!"https".equals(map(endpoint).get("scheme"))) {
                    problems.add(id(monitor) + ": endpoint " + map(endpoint).get("port") + " scrapes " + workload
                            + ", which serves TLS, over http (scheme: https, with a tlsConfig trusting its CA)");
                }
            }
        }
    }

    /** A service's own listeners serve TLS: a {@code *_SECURITY_PROTOCOL} other than Kafka's is SSL. */
    private static boolean servesTls(Map<String, String> environment) {
        return environment.entrySet().stream().anyMatch(e -> e.getKey().endsWith("_SECURITY_PROTOCOL")
                && !e.getKey().startsWith("KAFKA_") && "SSL".equals(e.getValue()));
    }

    private static Optional<Volume> secretVolume(Workload workload, String secret) {
        return workload.template().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null && v.getSecret().getSecretName().equals(secret)).findFirst();
    }

    private static void unknown(String where, Set<String> fields, Set<String> known, List<String> problems) {
        Set<String> extra = new TreeSet<>(fields);
        extra.removeAll(known);
        extra.removeAll(TOP);
        if (!extra.isEmpty()) {
            problems.add(where + ": unknown field(s) " + extra + " (cert-manager.io/v1 Certificate)");
        }
    }

    /** cert-manager's durations are Go's: hours, minutes, seconds ({@code 2160h}, {@code 1h30m}). */
    private static Duration goDuration(Object text) {
        String value = String.valueOf(text).trim();
        if (!value.matches("(\\d+h)?(\\d+m)?(\\d+s)?") || value.isEmpty()) {
            throw new DateTimeParseException("'" + value + "' is not a Go duration", value, 0);
        }
        return Duration.parse("PT" + value.toUpperCase());
    }

    private static List<String> usages(GenericKubernetesResource certificate) {
        return strings(spec(certificate).get("usages"));
    }

    private static Map<String, Object> spec(GenericKubernetesResource certificate) {
        return map(certificate.getAdditionalProperties().get("spec"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static String id(GenericKubernetesResource resource) {
        return resource.getKind() + "/" + resource.getMetadata().getName();
    }
}
