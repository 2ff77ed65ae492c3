package io.seldonmesh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.jboss.logging.Logger;

/**
 * A real Apache Kafka 4.4 broker (KRaft, broker and controller in one process) in a child JVM,
 * listening on 127.0.0.1 only. PLAINTEXT is always open; SCRAM, MTLS and OAUTH listeners only when
 * the builder asks for them. Closing it stops the process and deletes the data; the log and
 * server.properties stay in {@link #workDirectory()}. {@link #stopKeepingData()} and {@link #startAgain()} take it
 * down and bring it back on its data, as an outage of a real broker would.
 */
public final class KafkaBroker extends ChildServer {

    /** The super user added by {@link Builder#withAcls()}; with a SCRAM listener it can log in with {@link #ADMIN_PASSWORD}. */
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret";

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);

    private final BrokerSettings settings;
    private final Map<Listener, Integer> ports;
    private final TestCertificates certificates;
    private final OAuthServer oauthServer;
    private final Supplier<ServerProcess> again;

    private KafkaBroker(BrokerSettings settings, Map<Listener, Integer> ports, Path workDirectory, Path dataDirectory,
                        TestCertificates certificates, OAuthServer oauthServer, ServerProcess process,
                        Supplier<ServerProcess> again) {
        super(process, workDirectory, dataDirectory);
        this.settings = settings;
        this.ports = ports;
        this.certificates = certificates;
        this.oauthServer = oauthServer;
        this.again = again;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Set<Listener> listeners() {
        return settings.listeners();
    }

    /** {@code 127.0.0.1:<port>} of the listener. */
    public String bootstrapServers(Listener listener) {
        return FreePort.LOOPBACK + ":" + port(listener);
    }

    public int port(Listener listener) {
        return ports.get(open(listener));
    }

    /** What a client sets as {@code security.protocol} for this listener. */
    public String securityProtocol(Listener listener) {
        return open(listener).securityProtocol();
    }

    /** The CA, broker and client certificates; present when a TLS listener (SCRAM, MTLS, OAUTH) is open. */
    public TestCertificates certificates() {
        if (certificates == null) {
            throw new IllegalStateException("this broker has no TLS listener and so no certificates; "
                    + "build it with withScramUser(..), withMtls() or withOAuth(..)");
        }
        return certificates;
    }

    public List<ScramUser> scramUsers() {
        return settings.scramUsers();
    }

    /** The OAuthServer whose tokens the OAUTH listener accepts. */
    public OAuthServer oauthServer() {
        open(Listener.OAUTH);
        return oauthServer;
    }

    /**
     * Client settings for PLAINTEXT. The principal is {@code User:ANONYMOUS}, a super user when
     * ACLs are on, so an Admin built from these may create topics and ACLs.
     */
    public Map<String, Object> adminProperties() {
        return KafkaClientProperties.plaintext(bootstrapServers(Listener.PLAINTEXT));
    }

    /**
     * Complete client settings for a listener with its default identity: SCRAM-SHA-512 as the
     * first SCRAM user, the {@code client} certificate, or an OAuth token for {@link OAuthServer#CLIENT_ID}.
     * For OAUTH call {@link OAuthServer#allowUrlsInThisJvm()} first.
     */
    public Map<String, Object> clientProperties(Listener listener) {
        return switch (open(listener)) {
            case PLAINTEXT -> adminProperties();
            case SCRAM -> scramClientProperties("SCRAM-SHA-512", scramUsers().get(0).name(),
                    scramUsers().get(0).password());
            case MTLS -> mtlsClientProperties(certificates().client());
            case OAUTH -> oauthClientProperties(OAuthServer.CLIENT_ID, OAuthServer.CLIENT_SECRET);
        };
    }

    /** SCRAM over TLS; {@code mechanism} is SCRAM-SHA-256 or SCRAM-SHA-512. The password is not checked here. */
    public Map<String, Object> scramClientProperties(String mechanism, String username, String password) {
        return KafkaClientProperties.scram(bootstrapServers(Listener.SCRAM), certificates().caCertificate(),
                mechanism, username, password);
    }

    /** mTLS with the given client certificate files (read now). */
    public Map<String, Object> mtlsClientProperties(ClientCertificate client) {
        return KafkaClientProperties.mtls(bootstrapServers(Listener.MTLS), client);
    }

    /** OAUTHBEARER with client credentials against the broker's OAuthServer. */
    public Map<String, Object> oauthClientProperties(String clientId, String clientSecret) {
        return KafkaClientProperties.oauth(bootstrapServers(Listener.OAUTH), certificates().caCertificate(),
                oauthServer().tokenEndpoint(oauthServer.issuer()), clientId, clientSecret);
    }

    /**
     * Creates a SCRAM user or changes its password (both mechanisms) while the broker runs, e.g. to
     * test password rotation. Existing connections stay authenticated; new ones need the new password.
     */
    public void upsertScramUser(String username, String password) {
        open(Listener.SCRAM);
        if (username.isBlank() || password.isEmpty()) {
            throw new IllegalArgumentException("SCRAM user '" + username + "': name and password must not be empty");
        }
        UsedSecrets.record("SCRAM password", password);
        try (Admin admin = Admin.create(adminProperties())) {
            // the broker refuses two changes to one user in a single request, even for different mechanisms
            for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(username,
                        new ScramCredentialInfo(mechanism, 8192), password))).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set the SCRAM password of '" + username + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the SCRAM password of '" + username + "'", e);
        }
    }

    /**
     * Stops the broker process (SIGTERM, as Kubernetes stops a pod; SIGKILL after 5 s) and keeps its log directories:
     * topics, records and committed offsets wait for {@link #startAgain()}. This broker then counts as closed.
     */
    @Override
    public void stopKeepingData() {
        super.stopKeepingData();
        LOG.infof("stopped %s, data kept in %s", this, dataDirectory());
    }

    /**
     * Starts the broker stopped by {@link #stopKeepingData()} again: the same server.properties, so the same ports,
     * cluster id and log directories (no new format), returned once every listener answers. The returned broker owns
     * the data from now on (closing it deletes the data).
     *
     * @throws IllegalStateException when this broker is still running
     */
    public KafkaBroker startAgain() {
        if (!isClosed() || !Files.isDirectory(dataDirectory())) {
            throw new IllegalStateException("only a broker stopped with stopKeepingData() starts again on its data; "
                    + this + " is " + (isClosed() ? "closed and its data deleted" : "still running"));
        }
        KafkaBroker broker = new KafkaBroker(settings, ports, workDirectory(), dataDirectory(), certificates, oauthServer,
                again.get(), again);
        ExitCleanup.register(broker);
        LOG.infof("started %s again on its data", broker);
        return broker;
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + ports.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ")) + ", log " + logFile() + "]";
    }

    private Listener open(Listener listener) {
        if (!ports.containsKey(listener)) {
            throw new IllegalStateException("listener " + listener + " is not open on this broker (open: "
                    + ports.keySet() + "); build it with withScramUser(..), withMtls() or withOAuth(..)");
        }
        return listener;
    }

    public static final class Builder {

        private final List<ScramUser> scramUsers = new ArrayList<>();
        private boolean mtls;
        private OAuthServer oauthServer;
        private String oauthAudience;
        private boolean acls;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<Listener, Integer> fixedPorts = new EnumMap<>(Listener.class);
        private TestCertificates certificates;
        private String maxHeap = "512m";
        private boolean fullJit;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Opens the SCRAM listener (SASL_SSL) with this user for SCRAM-SHA-256 and SCRAM-SHA-512. */
        public Builder withScramUser(String username, String password) {
            scramUsers.add(new ScramUser(username, password));
            return this;
        }

        /** Opens the MTLS listener (SSL, client certificate required; principal = certificate CN). */
        public Builder withMtls() {
            mtls = true;
            return this;
        }

        /** Opens the OAUTH listener (SASL_SSL, OAUTHBEARER) trusting tokens of the server's default issuer and audience. */
        public Builder withOAuth(OAuthServer server) {
            return withOAuth(server, server.audience());
        }

        /** As {@link #withOAuth(OAuthServer)} but expecting {@code audience} in the tokens' {@code aud}. */
        public Builder withOAuth(OAuthServer server, String audience) {
            oauthServer = server;
            oauthAudience = audience;
            return this;
        }

        /**
         * Turns on the StandardAuthorizer. Super users: {@code User:ANONYMOUS} (PLAINTEXT and the
         * controller) and {@code User:admin}; everyone else needs ACLs.
         */
        public Builder withAcls() {
            acls = true;
            return this;
        }

        public Builder messageMaxBytes(int bytes) {
            return property("message.max.bytes", Integer.toString(bytes));
        }

        public Builder minInsyncReplicas(int replicas) {
            return property("min.insync.replicas", Integer.toString(replicas));
        }

        /** Forces SASL clients to re-authenticate this often (OAuth token expiry, password rotation tests). */
        public Builder connectionsMaxReauthMs(long millis) {
            return property("connections.max.reauth.ms", Long.toString(millis));
        }

        /** Any broker setting; applied last, so it overrides testkit's defaults. */
        /**
         * Refuses to create topics whose {@code max.message.bytes} is above {@code bytes}, as managed Kafka services
         * do ({@link CappedMessageSizePolicy} on the broker's classpath).
         */
        public Builder capTopicMessageBytes(int bytes) {
            properties.put("create.topic.policy.class.name", CappedMessageSizePolicy.class.getName());
            properties.put(CappedMessageSizePolicy.CAP_PROPERTY, Integer.toString(bytes));
            return this;
        }

        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Uses these certificates instead of generating a fresh CA in the work directory. */
        public Builder certificates(TestCertificates certificates) {
            this.certificates = certificates;
            return this;
        }

        /** A fixed port for a listener (for a local stack); by default every listener gets a free one. */
        public Builder port(Listener listener, int port) {
            fixedPorts.put(listener, port);
            return this;
        }

        /** Maximum heap of the broker JVM, as for {@code -Xmx}; default 512m. */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = maxHeap;
            return this;
        }

        /**
         * Lets the broker JVM compile with C2, as a production broker does. Tests leave it off (start-up matters more
         * there); benchmarks turn it on, or every Kafka hop they time includes a broker running C1 code only.
         */
        public Builder fullJit() {
            this.fullJit = true;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public KafkaBroker start() {
            List<ScramUser> users = new ArrayList<>(scramUsers);
            if (acls && !users.isEmpty() && users.stream().noneMatch(u -> u.name().equals(ADMIN_USER))) {
                users.add(new ScramUser(ADMIN_USER, ADMIN_PASSWORD));
            }
            OAuthValidation oauth = oauthServer == null ? null : new OAuthValidation(oauthServer.jwksUrl(),
                    oauthServer.issuerUrl(), oauthAudience, oauthServer.allowedUrls());
            BrokerSettings settings = new BrokerSettings(List.copyOf(users), mtls, oauth, acls, Map.copyOf(properties));

            Path workDirectory = WorkDirectory.create("kafka");
            TestCertificates certs = certificates != null || !settings.needsTls() ? certificates
                    : TestCertificates.create(workDirectory.resolve("certs"));
            Path dataDirectory = workDirectory.resolve("data");
            boolean portsChosenByUs = !fixedPorts.keySet().containsAll(settings.listeners());
            KafkaBroker broker = PortConflictRetry.start("Kafka broker", portsChosenByUs,
                    () -> launch(settings, workDirectory, dataDirectory, certs));
            ExitCleanup.register(broker);
            LOG.infof("started %s", broker);
            return broker;
        }

        private KafkaBroker launch(BrokerSettings settings, Path workDirectory, Path dataDirectory,
                                   TestCertificates certs) {
            Map<Listener, Integer> ports = new EnumMap<>(Listener.class);
            for (Listener listener : settings.listeners()) {
                ports.put(listener, fixedPorts.containsKey(listener) ? fixedPorts.get(listener) : FreePort.next());
            }
            int controllerPort = FreePort.next();
            WorkDirectory.deleteRecursively(dataDirectory);
            SortedMap<String, String> serverProperties = BrokerConfig.serverProperties(settings, ports,
                    controllerPort, dataDirectory, certs, ADMIN_USER);
            Path propertiesFile = workDirectory.resolve("server.properties");
            Path logConfig = workDirectory.resolve("log4j2.properties");
            write(propertiesFile, serverProperties.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n", "", "\n")));
            write(logConfig, LOG4J2_CONFIG);

            List<String> format = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(),
                    "-c", propertiesFile.toString(), "--standalone"));
            for (ScramUser user : settings.scramUsers()) {
                for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
                    format.add("--add-scram");
                    format.add(mechanism + "=[name=" + user.name() + ",password=" + user.password() + "]");
                }
            }
            List<Path> classpath = new ArrayList<>(RuntimeClasspath.of("kafka"));
            if (properties.containsKey(CappedMessageSizePolicy.CAP_PROPERTY)) {
                classpath.add(codeSource(CappedMessageSizePolicy.class));
            }
            brokerJvm("Kafka storage format", classpath, logConfig, settings)
                    .main("kafka.tools.StorageTool", format.toArray(String[]::new))
                    .runToCompletion(workDirectory.resolve("format.log"), startTimeout);

            Supplier<ServerProcess> brokerProcess = () -> {
                ServerProcess process = brokerJvm("Kafka broker", classpath, logConfig, settings)
                        .main("kafka.Kafka", propertiesFile.toString())
                        .start(workDirectory.resolve("kafka.log"));
                try (KafkaReadiness readiness = new KafkaReadiness(ports, controllerPort)) {
                    process.awaitReady(startTimeout, readiness);
                }
                return process;
            };
            return new KafkaBroker(settings, Collections.unmodifiableMap(ports), workDirectory, dataDirectory, certs,
                    oauthServer, brokerProcess.get(), brokerProcess);
        }

        private ChildJvm brokerJvm(String name, List<Path> classpath, Path logConfig, BrokerSettings settings) {
            ChildJvm jvm = new ChildJvm(name)
                    .classpath(classpath)
                    .maxHeap(maxHeap)
                    .systemProperty("log4j2.configurationFile", logConfig.toString())
                    .systemProperty("java.awt.headless", "true");
            if (fullJit) {
                jvm.fullJit();
            }
            if (settings.oauth() != null) {
                jvm.systemProperty(OAuthServer.ALLOWED_URLS_PROPERTY, String.join(",", settings.oauth().allowedUrls()));
            }
            return jvm;
        }

        /** The jar or classes directory a class was loaded from, for a class the broker JVM must load too. */
        private static Path codeSource(Class<?> type) {
            try {
                return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException("cannot locate " + type.getName() + ": " + e.getMessage(), e);
            }
        }

        private static void write(Path file, String content) {
            try {
                Files.writeString(file, content);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static final String LOG4J2_CONFIG = """
            rootLogger.level = INFO
            rootLogger.appenderRef.stdout.ref = STDOUT
            appender.stdout.type = Console
            appender.stdout.name = STDOUT
            appender.stdout.layout.type = PatternLayout
            appender.stdout.layout.pattern = [%d] %p %m (%c)%n
            logger.state.name = state.change.logger
            logger.state.level = WARN
            logger.request.name = kafka.request.logger
            logger.request.level = WARN
            """;
}
