package io.seldonmesh.runtime;

import io.quarkus.runtime.Quarkus;
import io.seldonmesh.common.config.SeldonKafkaSettings;
import io.seldonmesh.common.config.ServiceEnvironment;
import io.seldonmesh.common.doctor.Finding;
import java.util.logging.Level;
import org.eclipse.microprofile.config.Config;
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
            // Quarkus has not configured logging yet: every library's DEBUG (TLS, HTTP, the AWS SDK) would be printed.
            LogContext.getLogContext().getLogger("").setLevel(Level.WARNING);
            Config config = StandaloneConfig.load();
            SeldonKafkaSettings.applyJvmNetworkSettings(ServiceEnvironment.from(config));
            ServiceDoctor.Report report = ServiceDoctor.examine(profile, config);
            Finding.console().print(report.text());
            System.exit(report.exitStatus());
        }
        // Seldon's LOG_LEVEL, before Quarkus reads its configuration (a system property: QUARKUS_LOG_LEVEL still wins).
        SeldonVariables.quarkusLogLevel(System.getenv()).filter(level -> System.getProperty("quarkus.log.level") == null)
                .ifPresent(level -> System.setProperty("quarkus.log.level", level));
        // OpenTelemetry's OTEL_EXPORTER_OTLP_ENDPOINT turns tracing on (Quarkus reads only its own names).
        TracingVariables.quarkusProperties(System.getenv(), System.getProperties().stringPropertyNames()).forEach(System::setProperty);
        Quarkus.run(args);
    }
}
