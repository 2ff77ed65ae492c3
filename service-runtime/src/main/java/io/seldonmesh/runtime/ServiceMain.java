package io.seldonmesh.runtime;

import io.quarkus.runtime.Quarkus;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;

/**
 * The entry point every service's {@code @QuarkusMain} delegates to: {@code doctor} as the first argument runs the
 * doctor with the service's environment and exits with its status, without starting the service (so it works in a
 * pod whose service cannot start); anything else starts the service.
 */
public final class ServiceMain {

    public static final String DOCTOR = "doctor";

    private ServiceMain() {
    }

    public static void run(ServiceProfile profile, String... args) {
        if (args.length > 0 && DOCTOR.equals(args[0])) {
            // Kafka's clients log every setting of every client at INFO: the doctor's own lines are the report.
            LogContext.getLogContext().getLogger("org.apache.kafka").setLevel(Level.WARNING);
            SeldonKafkaSettings.applyJvmNetworkSettings();
            ServiceDoctor.Report report = ServiceDoctor.examine(profile, System.getenv());
            System.out.print(report.text());
            System.out.flush();
            System.exit(report.exitStatus());
        }
        Quarkus.run(args);
    }
}
