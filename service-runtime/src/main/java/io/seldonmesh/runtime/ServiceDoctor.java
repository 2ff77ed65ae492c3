package io.seldonmesh.runtime;

import io.seldonmesh.common.config.ServiceEnvironment;
import io.seldonmesh.common.doctor.Finding;
import io.seldonmesh.common.doctor.KafkaDoctor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * The {@code doctor} of a service, from the command line ({@code java -jar quarkus-run.jar doctor}) or
 * {@code GET /q/doctor}: common's layer-by-layer Kafka checks with the service's own settings and ACL needs, then the
 * service's own checks; one line per finding, with what to change when something is wrong.
 */
public final class ServiceDoctor {

    /** What the doctor printed, and the exit status: 0 all good, 1 something failed, 2 the settings are invalid. */
    public record Report(List<String> lines, int exitStatus) {

        public String text() {
            return String.join("\n", lines) + "\n";
        }
    }

    private ServiceDoctor() {
    }

    /** With the service's configuration: its variables for Kafka, and all of it for the service's own checks. */
    public static Report examine(ServiceProfile profile, Config config) {
        return examine(profile, ServiceEnvironment.from(config), profile.doctorChecks(config));
    }

    public static Report examine(ServiceProfile profile, Map<String, String> environment) {
        return examine(profile, environment, profile.doctorChecks(environment));
    }

    private static Report examine(ServiceProfile profile, Map<String, String> environment, List<DoctorCheck> checks) {
        List<String> lines = new ArrayList<>();
        lines.add("doctor for " + profile.name());
        int status = 0;
        if (profile.usesKafka()) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            status = KafkaDoctor.run(environment, profile::kafkaAccess, new PrintStream(printed, true,
                    StandardCharsets.UTF_8));
            printed.toString(StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
        for (DoctorCheck check : checks) {
            for (Finding finding : check.examine()) {
                lines.add(finding.line());
                if (finding.verdict() == Finding.Verdict.FAIL && status == 0) {
                    status = 1;
                }
            }
        }
        return new Report(lines, status);
    }
}
