package io.seldonmesh.deploycheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each service's images against its configuration: EXPOSE names the ports it listens on by default, the
 * HEALTHCHECK asks /q/health/ready on its HTTP port, the base image is a build argument, the user is not root,
 * and the JVM image starts the fast-jar with $JAVA_OPTS (a variable the manifests may set).
 */
final class DockerfileContract {

    private static final Pattern EXPOSE = Pattern.compile("(?m)^EXPOSE\\s+(.+)$");
    private static final Pattern BASE_IMAGE = Pattern.compile("(?ms)^ARG BASE_IMAGE=\\S+.*^FROM \\$\\{BASE_IMAGE}");
    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)");

    private DockerfileContract() {
    }

    static List<String> check(ServiceModule module) {
        List<String> problems = new ArrayList<>();
        List<String> kinds = module == ServiceModule.MODEL_SERVER ? List.of("jvm") : List.of("jvm", "native");
        ServiceProperties properties = module.properties();
        Set<Integer> ports = properties.ports(Map.of());
        int http = properties.httpPort(Map.of());
        for (String kind : kinds) {
            Path file = Repository.module(module.module()).resolve("src/main/docker/Dockerfile." + kind);
            String where = Repository.ROOT.relativize(file).toString();
            if (!Files.isRegularFile(file)) {
                problems.add(where + " is missing");
                continue;
            }
            String text = Repository.read(file);
            Set<Integer> exposed = new TreeSet<>();
            Matcher expose = EXPOSE.matcher(text);
            while (expose.find()) {
                Arrays.stream(expose.group(1).trim().split("\\s+")).map(p -> p.replace("/tcp", "")).map(Integer::valueOf).forEach(exposed::add);
            }
            if (!exposed.equals(ports)) {
                problems.add(where + ": EXPOSE " + exposed + " is not what " + module.module() + " listens on " + ports);
            }
            if (!text.contains("HEALTHCHECK") || !text.contains("/q/health/ready") || !text.contains("${HTTP_PORT:-" + http + "}")) {
                problems.add(where + ": the HEALTHCHECK must ask /q/health/ready on ${HTTP_PORT:-" + http + "}");
            }
            if (!BASE_IMAGE.matcher(text).find()) {
                problems.add(where + ": the base image must be ARG BASE_IMAGE=<default> used as FROM ${BASE_IMAGE}");
            }
            Matcher user = USER.matcher(text);
            String lastUser = null;
            while (user.find()) {
                lastUser = user.group(1);
            }
            if (lastUser == null || lastUser.equals("root") || lastUser.equals("0") || lastUser.startsWith("0:") || !lastUser.matches("\\d+(:\\d+)?")) {
                problems.add(where + ": USER must be a numeric non-root user (Kubernetes' runAsNonRoot checks the number), not " + lastUser);
            }
            if (kind.equals("jvm") && !(text.contains("target/quarkus-app/lib/") && text.contains("quarkus-run.jar") && text.contains("$JAVA_OPTS"))) {
                problems.add(where + ": must copy the fast-jar (target/quarkus-app) and start quarkus-run.jar with $JAVA_OPTS");
            }
        }
        return problems;
    }
}
