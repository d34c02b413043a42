package org.tmapiroutes.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.delivery.DeliveryRoutes;
import org.tmapiroutes.files.UnfinishedFiles;
import org.tmapiroutes.item.ExactNumbers;
import org.tmapiroutes.job.JobRoutes;
import org.tmapiroutes.store.Instances;
import org.tmapiroutes.store.StateStore;
import org.tmapiroutes.store.StateStoreException;
import org.tmapiroutes.tmapi.TmapiLimiter;
import org.tmapiroutes.tmapi.TmapiRoutes;
import sun.misc.Signal;

/**
 * Starts tmapi-routes: Camel Main with the YAML routes of the routes folder (reloaded live), the configuration file,
 * the product's beans and fixed routes, and, with {@code --demo}, the embedded simulators.
 */
public final class TmapiRoutesMain {

    /** Exit status when the configuration cannot work: no TMAPI token, or an enabled flow misses a key. */
    public static final int EXIT_CONFIGURATION = 2;
    /** System property the distribution's start scripts set to themselves, so messages name the command to type. */
    public static final String LAUNCHER = "tmapi.launcher";
    private static final String JAR_LAUNCHER = "java -jar target/tmapi-routes.jar";
    public static final String NO_TOKEN_MESSAGE = noTokenMessage(JAR_LAUNCHER);

    private static final Logger LOG = LoggerFactory.getLogger(TmapiRoutesMain.class);
    /** The ids of the product's own routes, which pages pass through; the flows and users' routes are the others. */
    static final String INTERNAL_ROUTES = "tmapi-*,inbox-failure-sink";

    /** The missing-token line, naming the way the program was started (the jar, or a start script). */
    public static String noTokenMessage(String launcher) {
        String setToken = (launcher.endsWith(".bat") ? "set" : "export") + " TMAPI_API_TOKEN=<your token>";
        return "tmapi-routes: no TMAPI token. Set it with '" + setToken + "' (from console.tmapi.io, Account Center), "
                + "or try the simulated demo with '" + launcher + " --demo'.";
    }

    private TmapiRoutesMain() {
    }

    public static void main(String... args) throws Exception {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        if (options.camelArgs().contains("--help") || options.camelArgs().contains("-h")) {
            System.out.println(LaunchOptions.USAGE);
            return;
        }
        if (!Files.isRegularFile(options.config())) {
            System.err.println("tmapi-routes: configuration file " + options.config() + " not found; run from the "
                    + "project folder or point to it with --config FILE.");
            System.exit(64);
        }
        if (!Files.isDirectory(options.routesDir())) {
            System.err.println("tmapi-routes: routes folder " + options.routesDir() + " not found; run from the "
                    + "project folder or point to it with --routes DIR.");
            System.exit(64);
        }
        Optional<String> unreadable = PropertiesText.problem(Files.readString(options.config(),
                StandardCharsets.UTF_8), options.config().toString());
        if (unreadable.isPresent()) {
            System.err.println("tmapi-routes: " + unreadable.get() + ".");
            System.exit(EXIT_CONFIGURATION);
            return;
        }
        if (!options.demo() && Secrets.readBeforeStart(options.config(), Secrets.TOKEN).isEmpty()) {
            // before Camel starts: the one line is all the console shows
            System.err.println(noTokenMessage(System.getProperty(LAUNCHER, JAR_LAUNCHER)));
            System.exit(EXIT_CONFIGURATION);
            return;
        }
        Function<String, Optional<String>> setting = key -> Secrets.readBeforeStart(options.config(), key)
                .filter(value -> !value.isBlank());
        Optional<String> choice = ChoiceKeys.problem(setting).or(() -> NumberKeys.problem(setting)
                .map(problem -> problem + "; set it in " + options.config() + " or with -Dkey=value."));
        if (choice.isPresent()) {
            System.err.println("tmapi-routes: " + choice.get());
            System.exit(EXIT_CONFIGURATION);
            return;
        }
        StateStore store;
        try {
            store = openStateStore(options);
        } catch (StateStoreException e) {
            System.err.println("tmapi-routes: " + e.getMessage());
            System.exit(EXIT_CONFIGURATION);
            return;
        }
        Main main = create(options, store, (m, lines) -> {
            // an enabled flow without a key it needs fails its route's check too: the missing key is what to fix
            DeliverySettings.missing(m.getCamelContext()).ifPresent(problem -> stopAtStartUp(m, "tmapi-routes: "
                    + problem));
            // else one line per route file that may not run, before Camel makes any route
            lines.subList(0, lines.size() - 1).forEach(System.err::println);
            stopAtStartUp(m, lines.get(lines.size() - 1));
        });
        DemoMode demo = options.demo() ? DemoMode.prepare(main) : null;
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                if (demo == null && Secrets.token(m.getCamelContext()).isEmpty()) {
                    stopAtStartUp(m, noTokenMessage(System.getProperty(LAUNCHER, JAR_LAUNCHER)));
                }
                DeliverySettings.missing(m.getCamelContext())
                        .or(() -> managementPortTaken(m.getCamelContext()))
                        .ifPresent(problem -> stopAtStartUp(m, "tmapi-routes: " + problem));
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                // once started, so that a configuration error stays one line
                String fileNames = System.getProperty("sun.jnu.encoding", "UTF-8");
                if (!fileNames.equalsIgnoreCase("UTF-8")) {
                    LOG.warn("File names are read as {}, the encoding of this locale: a file named in Chinese (or any"
                            + " letter beyond ASCII) cannot be read. Start the program with a UTF-8 locale, e.g."
                            + " LC_ALL=C.UTF-8 (bin/tmapi-routes does)", fileNames);
                }
                if (!endsOnOutOfMemory()) {
                    LOG.warn("This JVM runs on half-broken when it runs out of memory: start it with"
                            + " -XX:+ExitOnOutOfMemoryError (bin/tmapi-routes does), so that it ends, a supervisor"
                            + " starts it again and its jobs resume from their recorded pages");
                }
            }
        });
        // SIGTERM is how a service manager (systemd, docker stop) stops the program: Camel stops gracefully, jobs in
        // flight are left to resume, and the program exits 0, so the stop is not reported as a failure
        Signal.handle(new Signal("TERM"), signal -> main.completed());
        try {
            main.run(options.camelArgs().toArray(String[]::new));
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
        System.exit(0);
    }

    /** Whether the JVM ends (or crashes) at its first {@code OutOfMemoryError}, as the launch scripts ask. */
    static boolean endsOnOutOfMemory() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        return vm == null || Stream.of("ExitOnOutOfMemoryError", "CrashOnOutOfMemoryError")
                .anyMatch(flag -> Boolean.parseBoolean(vm.getVMOption(flag).getValue()));
    }

    /**
     * Opens the state store and brings it up to date before Camel starts, so that a store that cannot be used (a
     * second program on the same embedded store, a database not reachable, a schema changed by hand) is one line; the
     * demo opens its own, under its own data folder.
     */
    private static StateStore openStateStore(LaunchOptions options) {
        if (options.demo()) {
            return null;
        }
        String dataDir = Secrets.readBeforeStart(options.config(), "data.dir").orElse("data");
        return StateStore.open(Secrets.readBeforeStart(options.config(), "state.jdbc-url").orElse(""),
                Secrets.readBeforeStart(options.config(), "state.username").orElse(""),
                Secrets.readBeforeStart(options.config(), "state.password"), Path.of(dataDir));
    }

    /**
     * Ends start-up with one line and the configuration exit status, before any route runs. Camel Main's shutdown is
     * marked done first, so its JVM shutdown hook does not report a SIGTERM that nobody sent.
     */
    private static void stopAtStartUp(BaseMainSupport main, String line) {
        System.err.println(line);
        if (main instanceof MainSupport support) {
            support.getShutdownStrategy().shutdown();
        }
        System.exit(EXIT_CONFIGURATION);
    }

    /**
     * Whether the management server's address (health and metrics) is taken, e.g. by a second instance: Camel would
     * log a long stack trace and go on without health, so start-up stops with one line naming the key instead.
     */
    static Optional<String> managementPortTaken(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        if (!properties.resolveProperty("camel.management.enabled").map(v -> Boolean.parseBoolean(v.strip()))
                .orElse(false)) {
            return Optional.empty();
        }
        String host = properties.resolveProperty("camel.management.host").map(String::strip).orElse("0.0.0.0");
        String port = properties.resolveProperty("camel.management.port").map(String::strip).orElse("9876");
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, Integer.parseInt(port)));
            return Optional.empty();
        } catch (BindException e) {
            return Optional.of("port " + port + " on " + host + " (health and metrics) is already in use, perhaps by "
                    + "another tmapi-routes; give this one a free port with camel.management.port, e.g. "
                    + "-Dcamel.management.port=" + (Integer.parseInt(port) + 1) + " or CAMEL_MANAGEMENT_PORT="
                    + (Integer.parseInt(port) + 1) + ".");
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("health and metrics cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); check camel.management.host and camel.management.port.");
        }
    }

    /**
     * A Camel Main configured like the product runs; tests use it too. A route file that may not run stops its start
     * with an {@link InvalidRouteFilesException} holding the lines the program prints.
     */
    public static Main create(LaunchOptions options) {
        return create(options, null, (m, lines) -> {
            throw new InvalidRouteFilesException(lines);
        });
    }

    /**
     * @param store        the state store opened already, or {@code null} to open it with the configuration
     * @param refuseRoutes told the lines naming each route file that may not run (file, line, reason), before any
     *                     route is made; it must not return normally
     */
    static Main create(LaunchOptions options, StateStore store,
            BiConsumer<BaseMainSupport, List<String>> refuseRoutes) {
        Main main = new Main();
        // an absolute location: Camel reloads a saved properties file only when its location names the same path as
        // the watched file's (a relative one made Camel add the file again behind the old values, which then won)
        main.setDefaultPropertyPlaceholderLocation("file:" + options.config().toAbsolutePath().normalize());
        // files named in the configuration (the mail template) are found next to it, wherever --config points
        Path configDir = options.config().toAbsolutePath().getParent();
        main.addInitialProperty("tmapi.config-dir", configDir.toString());
        main.configure().withRoutesIncludePattern("file:" + options.routesDir() + "/*.yaml");
        // an instance, not the class: Camel Main post-processes a configuration class twice, building every bean twice
        main.configure().addConfiguration(new TmapiBeans(store));
        main.configure().addRoutesBuilder(new TmapiRoutes());
        main.configure().addRoutesBuilder(new JobRoutes());
        main.configure().addRoutesBuilder(ScheduledRuns.takeover());
        // the registry Camel serves on /observe/metrics (it takes the one bound under this name), every metric tagged
        // with this instance's id once the configuration is read, so that several instances' metrics can be summed
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        main.bind("metricsRegistry", metrics);
        // Camel's time and exchange counts a route (camel.metrics.enableRoutePolicy is off for this one): the flows'
        // only, since the product's own routes run several times a page and timing them costs CPU a request
        MicrometerRoutePolicyConfiguration flowsOnly = new MicrometerRoutePolicyConfiguration();
        flowsOnly.setExcludePattern(INTERNAL_ROUTES);
        MicrometerRoutePolicyFactory routeMetrics = new MicrometerRoutePolicyFactory();
        routeMetrics.setMeterRegistry(metrics);
        routeMetrics.setPolicyConfiguration(flowsOnly);
        main.bind("routeMetrics", routeMetrics);
        main.configure().addRoutesBuilder(new DeliveryRoutes(key -> Secrets.read(main.getCamelContext(), key)));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                // the check every save gets, on every route file, before Camel reads them to make its routes
                List<String> lines = new ArrayList<>();
                try {
                    for (RouteFileCheck.Problem problem : new RouteFileCheck(m.getCamelContext())
                            .checkFolder(options.routesDir())) {
                        lines.add("tmapi-routes: " + problem.place(options.routesDir().resolve(
                                problem.file().getFileName())) + ": " + problem.reason());
                    }
                } catch (IOException e) {
                    lines.add("tmapi-routes: routes folder " + options.routesDir() + " cannot be read: "
                            + e.getMessage());
                }
                if (!lines.isEmpty()) {
                    refuseRoutes.accept(m, lines);
                }
            }
        });
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                // product conditions (where, items-where-action) compare 20.01 with 20 as decimals
                ExactNumbers.register(m.getCamelContext().getTypeConverterRegistry());
                // before any route is made: every scheduled flow's run becomes a durable job, and the runs a stop
                // interrupted go on once everything has started
                m.getCamelContext().addRoutePolicyFactory(new ScheduledRuns());
                try {
                    m.getCamelContext().addStartupListener(new StartupListener() {
                        @Override
                        public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                            // nothing before every route has started
                        }

                        @Override
                        public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                            ScheduledRuns.resume(context);
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void afterStart(BaseMainSupport m) {
                // which instance this is, and with which others it shares the state store
                Instances instances = m.getCamelContext().getRegistry().lookupByNameAndType("instances",
                        Instances.class);
                StateStore state = m.getCamelContext().getRegistry().lookupByNameAndType("stateStore",
                        StateStore.class);
                m.getCamelContext().getPropertiesComponent().resolveProperty("tmapi.base-url").ifPresent(url ->
                        LOG.info("TMAPI requests go to {} (tmapi.base-url)", url.strip().replaceFirst("//[^/@]*@", "//")));
                if (instances != null && state != null) {
                    LOG.info("Instance {} keeps its state in the {}{}", instances.id(), state.description(),
                            instances.shared() ? "; instances alive: " + String.join(", ", instances.alive()) : "");
                }
                // the address really listened on (Camel's own summary prints 0.0.0.0 whatever the host)
                ManagementHttpServer server = m.getCamelContext().hasService(ManagementHttpServer.class);
                if (server != null) {
                    String health = "http://" + server.getHost() + ":" + server.getPort() + server.getHealthPath();
                    LOG.info("Health on {}, metrics on {} (camel.management.host and .port)", health,
                            health.substring(0, health.lastIndexOf('/')) + "/metrics");
                }
            }

            @Override
            public void afterConfigure(BaseMainSupport m) {
                CamelContext context = m.getCamelContext();
                // every secret set is masked wherever it shows up, the passwords of a server not used too
                Secrets.knowAll(context);
                metrics.config().commonTags("instance", TmapiBeans.instanceId(
                        context.getPropertiesComponent().resolveProperty("instance.id").orElse("")));
                // on a data folder several instances share, a young temporary file may be another one's write
                boolean shared = context.getPropertiesComponent().resolveProperty("state.jdbc-url")
                        .filter(url -> !url.isBlank()).isPresent();
                context.getPropertiesComponent().resolveProperty("data.dir").ifPresent(dir -> UnfinishedFiles.clean(
                        Path.of(dir), shared ? Duration.ofHours(1) : Duration.ZERO));
                try {
                    LiveRouteReloadStrategy routes = new LiveRouteReloadStrategy(options.routesDir());
                    context.addService(routes);
                    context.addService(new LiveRouteReloadStrategy.ConfigurationWatcher(options.config(), routes));
                    context.getRegistry().bind("routeFilesHealthCheck",
                            new RouteFilesHealthCheck(routes::stoppedFlows));
                    // a reload while Camel stops would change the routes it is stopping
                    context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                        @Override
                        public boolean isEnabled(CamelEvent event) {
                            return event instanceof CamelEvent.CamelContextStoppingEvent;
                        }

                        @Override
                        public void notify(CamelEvent event) {
                            routes.stopReloading();
                            // no new TMAPI request once stopping: unfinished jobs resume at the next start
                            TmapiLimiter limiter = context.getRegistry().lookupByNameAndType("tmapiLimiter",
                                    TmapiLimiter.class);
                            if (limiter != null) {
                                limiter.stop();
                            }
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException("cannot watch " + options.routesDir() + ": " + e.getMessage(), e);
                }
            }
        });
        return main;
    }
}
