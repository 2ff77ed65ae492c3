package io.seldonmesh.deploycheck;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.seldonmesh.common.config.InvalidSettingException;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Each workload's pods against the services' configuration: every variable is one the container's service reads,
 * the Kafka settings are valid for common's SeldonKafkaSettings, every credential file is a key of a mounted Seldon
 * Secret, the ports and probe paths are the service's, and the grace period covers its shutdown.
 */
final class PodContract {

    /** Read by the JVM itself, and by the images' entry point (Dockerfile.jvm: {@code java $JAVA_OPTS}). */
    static final Set<String> JVM_VARIABLES = new TreeSet<>(List.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS"));
    private static final Pattern PASSTHROUGH = Pattern.compile("kafka\\..+|KAFKA_(CONSUMER|PRODUCER|ADMIN|STREAMS)_[A-Z0-9_]+");
    private static final Map<String, String> PROBES = Map.of(
            "startupProbe", "/q/health/started", "livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready");
    /** The most a grace period may exceed what the pod needs: longer only delays a stuck pod's replacement. */
    static final Duration GRACE_MARGIN = Duration.ofSeconds(30);

    private PodContract() {
    }

    static List<String> check(Workload workload, Deployed cluster) {
        List<String> problems = new ArrayList<>();
        PodSpec pod = workload.template().getSpec();
        Duration needed = Duration.ZERO;
        boolean apiUsed = false;
        for (Container container : workload.containers()) {
            String where = workload + "/" + container.getName();
            Optional<ServiceModule> module = ServiceModule.forContainer(container.getName());
            if (module.isEmpty()) {
                problems.add(where + ": no module is named '" + container.getName() + "'; containers are named after the"
                        + " module they run (" + List.of(ServiceModule.values()) + ")");
                continue;
            }
            Map<String, String> environment = ContainerEnvironment.of(workload, container, cluster, problems);
            ServiceProperties properties = module.get().properties();
            checkImage(where, container, module.get(), problems);
            checkVariableNames(where, environment, module.get(), properties, problems);
            if (module.get().kafka()) {
                checkKafkaSettings(where, environment, problems);
                checkCredentialFiles(where, container, pod, environment, problems);
            }
            checkPortsAndProbes(where, container, module.get(), properties, environment, problems);
            checkSecurity(where, container, problems);
            needed = max(needed, module.get().shutdown(environment).plus(preStopSleep(container)));
            apiUsed |= module.get().usesKubernetesApi();
        }
        checkVolumes(workload, pod, cluster, problems);
        checkGracePeriod(workload, pod, needed, problems);
        checkServiceAccount(workload, pod, cluster, apiUsed, problems);
        if (pod.getSecurityContext() == null || !Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())) {
            problems.add(workload + ": the pod must set securityContext.runAsNonRoot: true (the images run as non-root users)");
        }
        return problems;
    }

    private static void checkImage(String where, Container container, ServiceModule module, List<String> problems) {
        String image = container.getImage() == null ? "" : container.getImage();
        String repository = image.contains(":") && image.lastIndexOf(':') > image.lastIndexOf('/')
                ? image.substring(0, image.lastIndexOf(':')) : image;
        if (!repository.endsWith("/" + module.module()) && !repository.equals(module.module())) {
            problems.add(where + ": image " + image + " is not " + module.module() + "'s (the repository must end in /"
                    + module.module() + ")");
        }
    }

    private static void checkVariableNames(String where, Map<String, String> environment, ServiceModule module,
                                           ServiceProperties properties, List<String> problems) {
        Set<String> known = new TreeSet<>(properties.variables());
        known.addAll(JVM_VARIABLES);
        if (module.kafka()) {
            known.addAll(SeldonSecrets.kafkaVariables());
        }
        for (String name : environment.keySet()) {
            boolean passthrough = module.kafka() && PASSTHROUGH.matcher(name).matches();
            if (!known.contains(name) && !passthrough) {
                problems.add(where + ": variable " + name + " is read by nothing: " + module.module()
                        + " reads the variables of " + Repository.ROOT.relativize(properties.file())
                        + (module.kafka() ? ", common's SeldonKafkaSettings variables and kafka.* passthrough" : "")
                        + " (and " + JVM_VARIABLES + ")");
            }
        }
    }

    /** The values, as common validates them at start-up; the SASL password file stands in as a temporary file. */
    private static void checkKafkaSettings(String where, Map<String, String> environment, List<String> problems) {
        Map<String, String> variables = new HashMap<>(environment);
        Path directory = null;
        try {
            directory = Files.createTempDirectory("deploy-check");
            if (variables.containsKey(SeldonKafkaSettings.KAFKA_CLIENT_SASL_PASSWORD_LOCATION)) {
                Path password = Files.writeString(directory.resolve("password"), "deploy-check");
                variables.put(SeldonKafkaSettings.KAFKA_CLIENT_SASL_PASSWORD_LOCATION, password.toString());
            }
            SeldonKafkaSettings.fromEnvironment(variables);
        } catch (InvalidSettingException e) {
            problems.add(where + ": the service would not start: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(directory);
        }
    }

    private static void checkCredentialFiles(String where, Container container, PodSpec pod, Map<String, String> environment,
                                             List<String> problems) {
        SeldonSecrets.LOCATIONS.forEach((variable, location) -> {
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                return;
            }
            Path file = Path.of(value);
            Optional<VolumeMount> mount = container.getVolumeMounts().stream()
                    .filter(m -> location.key().isPresent() ? file.getParent() != null && file.getParent().equals(Path.of(m.getMountPath()))
                            : file.equals(Path.of(m.getMountPath())))
                    .findFirst();
            if (mount.isEmpty()) {
                problems.add(where + ": " + variable + "=" + value + " is in no volume mounted in this container"
                        + " (expected Secret " + location.secret() + location.key().map(k -> " key " + k).orElse("") + ")");
                return;
            }
            Optional<Volume> volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.get().getName())).findFirst();
            if (volume.isEmpty() || volume.get().getSecret() == null) {
                problems.add(where + ": " + variable + "=" + value + " is in volume " + mount.get().getName()
                        + ", which is not a Secret volume");
                return;
            }
            String secret = volume.get().getSecret().getSecretName();
            if (!location.secret().equals(secret)) {
                problems.add(where + ": " + variable + "=" + value + " is in Secret " + secret + ", not Seldon's "
                        + location.secret());
            }
            var items = volume.get().getSecret().getItems();
            if (location.key().isPresent()) {
                String fileName = file.getFileName().toString();
                String key = items.isEmpty() ? fileName : items.stream().filter(i -> i.getPath().equals(fileName))
                        .map(i -> i.getKey()).findFirst().orElse(null);
                if (!location.key().get().equals(key)) {
                    problems.add(where + ": " + variable + "=" + value + " is " + (key == null ? "no file of" : "key " + key + " of")
                            + " Secret " + secret + "; it must be its key " + location.key().get());
                }
            } else if (!items.isEmpty()) {
                Set<String> missing = new TreeSet<>(SeldonSecrets.KEYS.get(location.secret()));
                items.forEach(i -> {
                    if (i.getKey().equals(i.getPath())) {
                        missing.remove(i.getKey());
                    }
                });
                if (!missing.isEmpty()) {
                    problems.add(where + ": " + variable + "=" + value + " lacks the files " + missing + " of Secret " + secret);
                }
            }
        });
    }

    private static void checkPortsAndProbes(String where, Container container, ServiceModule module, ServiceProperties properties,
                                            Map<String, String> environment, List<String> problems) {
        int http = properties.httpPort(environment);
        Set<Integer> expected = properties.ports(environment);
        Set<Integer> declared = new TreeSet<>();
        container.getPorts().forEach(p -> declared.add(p.getContainerPort()));
        if (!declared.equals(expected)) {
            problems.add(where + ": container ports " + declared + " are not the ports " + module.module() + " listens on "
                    + expected + " (quarkus.http.port, quarkus.grpc.server.port in " + Repository.ROOT.relativize(properties.file()) + ")");
        }
        if (!module.pom().contains("<artifactId>quarkus-smallrye-health</artifactId>")) {
            problems.add(where + ": " + module.module() + " has no quarkus-smallrye-health, so no /q/health to probe");
        }
        Map<String, Probe> probes = new HashMap<>();
        putIfSet(probes, "startupProbe", container.getStartupProbe());
        putIfSet(probes, "livenessProbe", container.getLivenessProbe());
        putIfSet(probes, "readinessProbe", container.getReadinessProbe());
        for (Map.Entry<String, String> kind : PROBES.entrySet()) {
            Probe probe = probes.get(kind.getKey());
            if (probe == null || probe.getHttpGet() == null) {
                problems.add(where + ": no " + kind.getKey() + " with httpGet " + kind.getValue());
                continue;
            }
            if (!kind.getValue().equals(probe.getHttpGet().getPath())) {
                problems.add(where + ": " + kind.getKey() + " asks " + probe.getHttpGet().getPath() + ", not " + kind.getValue());
            }
            Optional<Integer> port = portNumber(container, probe.getHttpGet().getPort());
            if (port.isEmpty() || port.get() != http) {
                problems.add(where + ": " + kind.getKey() + " asks port " + probe.getHttpGet().getPort().getValue()
                        + ", not the HTTP port " + http);
            }
        }
    }

    private static void putIfSet(Map<String, Probe> probes, String kind, Probe probe) {
        if (probe != null) {
            probes.put(kind, probe);
        }
    }

    static Optional<Integer> portNumber(Container container, IntOrString port) {
        if (port == null) {
            return Optional.empty();
        }
        if (port.getIntVal() != null) {
            return Optional.of(port.getIntVal());
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst();
    }

    private static void checkSecurity(String where, Container container, List<String> problems) {
        var context = container.getSecurityContext();
        if (context == null || !Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            problems.add(where + ": securityContext.allowPrivilegeEscalation must be false");
        }
        var resources = container.getResources();
        if (resources == null || resources.getRequests() == null || !resources.getRequests().containsKey("memory")
                || resources.getLimits() == null || !resources.getLimits().containsKey("memory")) {
            problems.add(where + ": memory request and limit must both be set (the heap is a share of the limit)");
        }
    }

    private static void checkVolumes(Workload workload, PodSpec pod, Deployed cluster, List<String> problems) {
        Set<String> names = new TreeSet<>();
        for (Volume volume : pod.getVolumes()) {
            names.add(volume.getName());
            if (volume.getSecret() == null) {
                continue;
            }
            String secret = volume.getSecret().getSecretName();
            if (cluster.certificateFor(secret).isPresent()) {
                continue; // a service's own TLS: CertificateContract checks it
            }
            if (!SeldonSecrets.KEYS.containsKey(secret)) {
                problems.add(workload + ": volume " + volume.getName() + " mounts Secret " + secret
                        + ", none of Seldon's Kafka credential Secrets " + SeldonSecrets.KEYS.keySet()
                        + " nor one a cert-manager Certificate in the build keeps");
                continue;
            }
            volume.getSecret().getItems().forEach(item -> SeldonSecrets.problemWithKey(secret, item.getKey())
                    .ifPresent(problem -> problems.add(workload + ": volume " + volume.getName() + " takes " + problem)));
        }
        for (Container container : workload.containers()) {
            for (VolumeMount mount : container.getVolumeMounts()) {
                if (!names.contains(mount.getName())) {
                    problems.add(workload + "/" + container.getName() + ": mounts volume " + mount.getName()
                            + ", which the pod does not declare");
                }
            }
        }
    }

    private static void checkGracePeriod(Workload workload, PodSpec pod, Duration needed, List<String> problems) {
        long grace = pod.getTerminationGracePeriodSeconds() == null ? 30 : pod.getTerminationGracePeriodSeconds();
        if (grace < needed.toSeconds() || grace > needed.plus(GRACE_MARGIN).toSeconds()) {
            problems.add(workload + ": terminationGracePeriodSeconds is " + grace + "; its containers need " + needed.toSeconds()
                    + " s to stop (preStop pause + drain and close times), so it must be between " + needed.toSeconds()
                    + " and " + needed.plus(GRACE_MARGIN).toSeconds());
        }
    }

    private static void checkServiceAccount(Workload workload, PodSpec pod, Deployed cluster, boolean apiUsed, List<String> problems) {
        String account = pod.getServiceAccountName();
        if (account == null || !cluster.hasServiceAccount(account)) {
            problems.add(workload + ": service account " + account + " is not deployed (each service has its own)");
            return;
        }
        Boolean podMount = pod.getAutomountServiceAccountToken();
        Boolean accountMount = cluster.serviceAccount(account).get().getAutomountServiceAccountToken();
        boolean mounted = podMount != null ? podMount : accountMount == null || accountMount;
        if (!apiUsed && mounted) {
            problems.add(workload + ": no container calls the Kubernetes API, so automountServiceAccountToken must be false");
        }
    }

    private static Duration preStopSleep(Container container) {
        var lifecycle = container.getLifecycle();
        if (lifecycle == null || lifecycle.getPreStop() == null || lifecycle.getPreStop().getSleep() == null) {
            return Duration.ZERO;
        }
        return Duration.ofSeconds(lifecycle.getPreStop().getSleep().getSeconds());
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
