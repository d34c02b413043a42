package org.tmapiroutes.app;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.main.Main;
import org.apache.camel.support.ScheduledPollConsumer;
import org.tmapiroutes.app.simulator.TmapiSimulator;

/**
 * The real application for a test: Camel Main with the project's {@code config/} and a routes folder, its data
 * folder in a temporary directory, and a TMAPI simulator it is pointed at.
 */
final class RunningBundle implements AutoCloseable {

    static final String TOKEN = "tok-5f2b9c1e-secret";
    static final Duration PATIENCE = Duration.ofSeconds(20);
    /** A Quartz cron that does not fire while a test runs; tests run scheduled flows with {@link #fire}. */
    static final String FAR_AWAY_CRON = "0 0 0 1 1 ? 2099";
    /** The shipped retry counts, with delays short enough for a test. */
    static final Map<String, String> FAST_RETRIES = Map.of(
            "tmapi.retry.417.delay-ms", "20",
            "tmapi.retry.499.delay-ms", "20",
            "tmapi.retry.500.delay-ms", "20",
            "tmapi.retry.503.delay-ms", "20",
            "tmapi.retry.transport.delay-ms", "20");

    final TmapiSimulator simulator;
    final Path dataDir;
    final Main main;
    private final boolean ownsSimulator;

    private RunningBundle(TmapiSimulator simulator, Path dataDir, Main main, boolean ownsSimulator) {
        this.simulator = simulator;
        this.dataDir = dataDir;
        this.main = main;
        this.ownsSimulator = ownsSimulator;
    }

    static RunningBundle start(Path dataDir) {
        return start(dataDir, Path.of("routes"), Map.of());
    }

    static RunningBundle start(Path dataDir, Path routesDir, Map<String, String> overrides) {
        return start(dataDir, routesDir, Path.of("config", "application.properties"), overrides);
    }

    static RunningBundle start(Path dataDir, Path routesDir, Path config, Map<String, String> overrides) {
        return start(dataDir, routesDir, config, overrides, null);
    }

    /** With a simulator of the test's own, which outlives this run (e.g. across a restart). */
    static RunningBundle start(Path dataDir, Path routesDir, Path config, Map<String, String> overrides,
            TmapiSimulator shared) {
        TmapiSimulator simulator = shared != null ? shared : new TmapiSimulator(TOKEN).start();
        Main main = TmapiRoutesMain.create(new LaunchOptions(false, routesDir, config, List.of()));
        main.addOverrideProperty("tmapi.base-url", simulator.baseUrl());
        main.addOverrideProperty("tmapi.api-token", TOKEN);
        main.addOverrideProperty("data.dir", dataDir.toString());
        main.addOverrideProperty("camel.management.port", String.valueOf(freePort()));
        FAST_RETRIES.forEach(main::addOverrideProperty);
        // files are dropped whole (written, then moved in): a short quiet time keeps the suite quick
        main.addOverrideProperty("inbox.quiet-seconds", "1");
        overrides.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception e) {
            if (shared == null) {
                simulator.close();
            }
            throw new IllegalStateException(e);
        }
        return new RunningBundle(simulator, dataDir, main, shared == null);
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    /** Runs a scheduled flow once now, through its real Quartz job, as soon as its route has started. */
    void fire(String routeId) {
        await().atMost(PATIENCE).until(() -> ScheduledFlows.ready(context(), routeId));
        ScheduledFlows.fire(context(), routeId);
    }

    /** Waits until the flow's Quartz trigger uses this cron and its route runs, e.g. after an edit was reloaded. */
    void awaitCron(String routeId, String cron) {
        await().atMost(PATIENCE).until(() -> ScheduledFlows.cron(context(), routeId).orElse("").equals(cron)
                && ScheduledFlows.ready(context(), routeId));
    }

    /**
     * Waits until a polling route ({@code mail-delivery}, {@code sftp-delivery}) has looked at its folder once, so that
     * what the test puts there next is found by a later poll, however quickly the application started.
     */
    void awaitFirstPoll(String routeId) {
        await().atMost(PATIENCE).until(() -> {
            Route route = context().getRoute(routeId);
            return route != null && route.getConsumer() instanceof ScheduledPollConsumer polling
                    && polling.isFirstPollDone();
        });
    }

    Path inbox(String endpointId) {
        return dataDir.resolve("inbox").resolve(endpointId);
    }

    Path outbox(String endpointId) {
        return dataDir.resolve("outbox").resolve(endpointId);
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real SMTP server (GreenMail) on 127.0.0.1 at the given port. */
    static com.icegreen.greenmail.util.GreenMail startSmtp(int port) {
        com.icegreen.greenmail.util.ServerSetup setup = new com.icegreen.greenmail.util.ServerSetup(port, "127.0.0.1",
                com.icegreen.greenmail.util.ServerSetup.PROTOCOL_SMTP);
        // a busy machine may take more than GreenMail's default 2 s to start it
        setup.setServerStartupTimeout(30_000);
        com.icegreen.greenmail.util.GreenMail smtp = new com.icegreen.greenmail.util.GreenMail(setup);
        smtp.start();
        return smtp;
    }

    int managementPort() {
        return Integer.parseInt(context().getPropertiesComponent().resolveProperty("camel.management.port").orElseThrow());
    }

    /** Copies the shipped route files into a folder, for tests that edit or add routes. */
    static void copyShippedRoutes(Path routesDir) {
        try (Stream<Path> shipped = Files.list(Path.of("routes"))) {
            for (Path file : shipped.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, routesDir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves a route file the way editors do: the whole content replaced in one step. */
    static void save(Path routesDir, String name, String content) {
        save(routesDir.resolve(name), content);
    }

    /**
     * Saves a file (a route file, the configuration) whole, as an editor that writes a copy and moves it in does: the
     * copy is written outside the file's folder, which the program watches.
     */
    static void save(Path file, String content) {
        try {
            Path temp = file.getParent().getParent().resolve(file.getFileName() + "." + System.nanoTime() + ".saving");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops a file the way a careful user or script does: written elsewhere, then moved in. */
    Path drop(String endpointId, String name, String content) {
        return drop(endpointId, name, content.getBytes(StandardCharsets.UTF_8));
    }

    Path drop(String endpointId, String name, byte[] content) {
        try {
            Path inbox = Files.createDirectories(inbox(endpointId));
            Path staging = Files.createDirectories(dataDir.resolve("staging"));
            Path temp = staging.resolve(name);
            Files.write(temp, content);
            return Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the input has left the inbox and returns where it went ({@code .done/} or {@code .error/}). */
    Path awaitArchived(String endpointId, String name) {
        Path inbox = inbox(endpointId);
        return await().atMost(PATIENCE).until(() -> {
            if (Files.exists(inbox.resolve(name))) {
                return null;
            }
            for (String folder : List.of(".done", ".error")) {
                Path candidate = inbox.resolve(folder).resolve(name);
                if (Files.exists(candidate)) {
                    return candidate;
                }
            }
            return null;
        }, p -> p != null);
    }

    /** The outbox CSVs of an endpoint, oldest name first; not those still being written (hidden, .writing-…). */
    List<Path> outboxFiles(String endpointId) {
        return list(outbox(endpointId)).stream().filter(p -> p.toString().endsWith(".csv"))
                .filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }

    static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (ownsSimulator) {
                simulator.close();
            }
        }
    }
}
