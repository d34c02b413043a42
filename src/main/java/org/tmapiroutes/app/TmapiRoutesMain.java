package org.tmapiroutes.app;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.tmapiroutes.delivery.DeliveryRoutes;
import org.tmapiroutes.files.UnfinishedFiles;
import org.tmapiroutes.job.JobRoutes;
import org.tmapiroutes.tmapi.TmapiRoutes;

/**
 * Starts tmapi-routes: Camel Main with the YAML routes of the routes folder (reloaded live), the configuration file,
 * the product's beans and fixed routes, and, with {@code --demo}, the embedded simulators.
 */
public final class TmapiRoutesMain {

    /** Exit status when the configuration cannot work: no TMAPI token, or an enabled flow misses a key. */
    public static final int EXIT_CONFIGURATION = 2;
    public static final String NO_TOKEN_MESSAGE = "tmapi-routes: no TMAPI token. Set it with "
            + "'export TMAPI_API_TOKEN=<your token>' (from console.tmapi.io, Account Center), "
            + "or try the simulated demo with 'java -jar target/tmapi-routes.jar --demo'.";

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
        Main main = create(options);
        DemoMode demo = options.demo() ? DemoMode.prepare(main) : null;
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                if (demo == null && Secrets.token(m.getCamelContext()).isEmpty()) {
                    System.err.println(NO_TOKEN_MESSAGE);
                    System.exit(EXIT_CONFIGURATION);
                }
                DeliverySettings.missing(m.getCamelContext()).ifPresent(problem -> {
                    System.err.println("tmapi-routes: " + problem);
                    System.exit(EXIT_CONFIGURATION);
                });
            }
        });
        try {
            main.run(options.camelArgs().toArray(String[]::new));
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
    }

    /** A Camel Main configured like the product runs; tests use it too. */
    public static Main create(LaunchOptions options) {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("file:" + options.config());
        // files named in the configuration (the mail template) are found next to it, wherever --config points
        Path configDir = options.config().toAbsolutePath().getParent();
        main.addInitialProperty("tmapi.config-dir", configDir.toString());
        main.configure().withRoutesIncludePattern("file:" + options.routesDir() + "/*.yaml");
        // an instance, not the class: Camel Main post-processes a configuration class twice, building every bean twice
        main.configure().addConfiguration(new TmapiBeans());
        main.configure().addRoutesBuilder(new TmapiRoutes());
        main.configure().addRoutesBuilder(new JobRoutes());
        main.configure().addRoutesBuilder(new DeliveryRoutes(key -> Secrets.read(main.getCamelContext(), key)));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                CamelContext context = m.getCamelContext();
                context.getPropertiesComponent().resolveProperty("data.dir")
                        .ifPresent(dir -> UnfinishedFiles.clean(Path.of(dir)));
                try {
                    LiveRouteReloadStrategy routes = new LiveRouteReloadStrategy(options.routesDir());
                    context.addService(routes);
                    context.addService(new LiveRouteReloadStrategy.ConfigurationWatcher(options.config(), routes));
                    // a reload while Camel stops would change the routes it is stopping
                    context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                        @Override
                        public boolean isEnabled(CamelEvent event) {
                            return event instanceof CamelEvent.CamelContextStoppingEvent;
                        }

                        @Override
                        public void notify(CamelEvent event) {
                            routes.stopReloading();
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
