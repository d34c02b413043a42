package org.tmapiroutes.store;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.sun.security.auth.module.UnixSystem;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for the tests: the Debian package's binaries run in a fresh temporary folder, listening on a
 * free port of 127.0.0.1 only, with a password-authenticated user owning the databases it makes; stopped and removed
 * again afterwards. One server per test class: {@code @RegisterExtension static final RealPostgres POSTGRES = new
 * RealPostgres();} starts it before the class's first test and stops it after its last.
 *
 * <p>PostgreSQL refuses to run as root, so when the tests do (CI) the server is run as the {@code postgres} user the
 * package creates. Missing binaries fail the test with what to install: these tests are never skipped.
 */
public final class RealPostgres implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(RealPostgres.class);

    /** Overrides where the server binaries are looked for (a folder holding initdb, postgres, pg_ctl, pg_isready). */
    public static final String BIN_VARIABLE = "TMAPI_TEST_PG_BIN";
    /** The Debian package's binaries: {@code /usr/lib/postgresql/<major>/bin}. */
    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    private static final List<String> BINARIES = List.of("initdb", "postgres", "pg_ctl", "pg_isready");
    /** The test's own user, which owns the databases {@link #createDatabase} makes; never a superuser. */
    private static final String USER = "tmapi_test";
    private static final String SUPERUSER = "postgres";
    /** Generous: a busy 2-core machine running other builds beside this one. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Starts retried when the free port found was taken by someone else before the server bound it. */
    private static final int PORT_ATTEMPTS = 5;

    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.atomic.AtomicInteger databases = new java.util.concurrent.atomic.AtomicInteger();
    private Path bin;
    private List<String> asServerUser;
    private Path folder;
    private Process server;
    private int port;
    private String password;
    private String superuserPassword;
    private Duration startedIn;
    private Thread stopAtExit;

    /** Starts a server now, for use outside JUnit's extension model; close it to stop it and remove its folder. */
    public static RealPostgres start() {
        RealPostgres postgres = new RealPostgres();
        postgres.startServer();
        return postgres;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startServer();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** A new, empty database owned by the test's user, for a test of its own; returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("a database name in lower case letters, digits and _: " + name);
        }
        asSuperuser("create database " + name + " owner " + USER);
        return jdbcUrl(name);
    }

    /** A new, empty database of a test's own, named by a counter of this server; returns its JDBC URL. */
    public String newDatabase() {
        return createDatabase("tmapi_" + databases.incrementAndGet());
    }

    /** The product's state store on a database of this server, opened as an instance opens it (the password apart). */
    public StateStore openStore(String url, Path dataDir) {
        return StateStore.open(url, USER, Optional.of(password), dataDir);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return USER;
    }

    /** The test user's password, random for each server. */
    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** How long the server took from nothing (initdb) to accepting the test user's connections. */
    public Duration startedIn() {
        return startedIn;
    }

    /** The server's temporary folder (its data, socket and logs), removed when it stops. */
    Path folder() {
        return folder;
    }

    private void startServer() {
        if (server != null) {
            throw new IllegalStateException("already started on port " + port);
        }
        long start = System.nanoTime();
        bin = binaries();
        asServerUser = serverUser();
        password = secret();
        superuserPassword = secret();
        try {
            folder = Files.createTempDirectory("tmapi-postgres-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            stopAtExit = new Thread(this::stop, "tmapi-test-postgres-stop");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
            Path passwordFile = folder.resolve("superuser-password");
            Files.writeString(passwordFile, superuserPassword + "\n");
            ownedByServerUser(folder);
            ownedByServerUser(passwordFile);
            run(asServerUser(bin.resolve("initdb").toString(), "-D", data().toString(), "-U", SUPERUSER,
                    "--pwfile=" + passwordFile, "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale",
                    "--no-sync", "--no-instructions"), "initdb");
            Files.delete(passwordFile);
            for (int attempt = 1; server == null; attempt++) {
                port = freePort();
                Optional<String> refused = startOnPort();
                if (refused.isPresent()) {
                    if (attempt == PORT_ATTEMPTS || !refused.get().contains("could not bind")) {
                        throw new IllegalStateException("PostgreSQL did not start (" + bin + "):\n" + refused.get());
                    }
                }
            }
            asSuperuser("create role " + USER + " login password '" + password + "'");
            createDatabase(USER);
        } catch (IOException e) {
            String where = String.valueOf(folder);
            stop();
            throw new UncheckedIOException("PostgreSQL for the tests could not be set up in " + where, e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        startedIn = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("PostgreSQL from {} started in {} ms on 127.0.0.1:{}, in {}", bin, startedIn.toMillis(), port, folder);
    }

    /** Starts the server on {@link #port}; empty once it accepts connections, else its log. */
    private Optional<String> startOnPort() throws IOException {
        Path log = folder.resolve("server-" + port + ".log");
        // fsync off: the data is thrown away after the tests; the socket lives in the test's own folder
        Process process = command(asServerUser(bin.resolve("postgres").toString(), "-D", data().toString(), "-p",
                String.valueOf(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + folder,
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"))
                .redirectOutput(log.toFile()).start();
        clean(process);
        try {
            await("PostgreSQL accepting connections on 127.0.0.1:" + port).atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || ready());
        } catch (ConditionTimeoutException e) {
            server = process;
            throw new IllegalStateException("PostgreSQL did not accept connections within " + TIMEOUT.toSeconds()
                    + " s:\n" + Files.readString(log, StandardCharsets.UTF_8), e);
        }
        if (!process.isAlive()) {
            return Optional.of(Files.readString(log, StandardCharsets.UTF_8));
        }
        server = process;
        return Optional.empty();
    }

    /** pg_isready: 0 accepting connections, 1 still starting, 2 no answer yet. */
    private boolean ready() throws IOException, InterruptedException {
        Process check = command(List.of(bin.resolve("pg_isready").toString(), "-h", "127.0.0.1", "-p",
                String.valueOf(port), "-d", "postgres", "-t", "10")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!check.waitFor(30, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            return false;
        }
        return check.exitValue() == 0;
    }

    private void asSuperuser(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, superuserPassword);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for the tests refused: " + e.getMessage(), e);
        }
    }

    /**
     * Stops the server as an outage does (its clients' connections broken), keeping its data, port and users, until
     * {@link #restart()}.
     */
    public synchronized void halt() {
        run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "stop", "-m", "fast", "-w", "-t",
                String.valueOf(TIMEOUT.toSeconds())), "pg_ctl stop");
        try {
            if (!server.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    /** Starts the server {@link #halt()} stopped again, on the same port, with the same data. */
    public synchronized void restart() {
        try {
            Optional<String> refused = startOnPort();
            if (refused.isPresent()) {
                throw new IllegalStateException("PostgreSQL did not start again:\n" + refused.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and removes its folder. */
    @Override
    public void close() {
        stop();
        if (stopAtExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException e) {
                // the JVM is exiting already and runs the hook itself
            }
            stopAtExit = null;
        }
    }

    private synchronized void stop() {
        try {
            if (server != null && server.isAlive()) {
                try {
                    run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "stop", "-m", "fast",
                            "-w", "-t", String.valueOf(TIMEOUT.toSeconds())), "pg_ctl stop");
                } catch (RuntimeException e) {
                    server.destroyForcibly();
                }
                if (!server.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
            server = null;
            if (folder != null && Files.exists(folder)) {
                try (Stream<Path> paths = Files.walk(folder)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
            folder = null;
        } catch (IOException e) {
            throw new UncheckedIOException("the test PostgreSQL's folder could not be removed: " + folder, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path data() {
        return folder.resolve("data");
    }

    /** Runs a command to its end, bounded; a failure carries what it printed. */
    private void run(List<String> command, String what) {
        try {
            Path output = Files.createTempFile(folder, what.replace(' ', '-'), ".log");
            Process process = command(command).redirectOutput(output.toFile()).start();
            clean(process);
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not end within " + TIMEOUT.toSeconds() + " s:\n"
                        + Files.readString(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "): "
                        + String.join(" ", command) + "\n" + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + " could not be run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    /** A command without the caller's PG* variables (PGHOST, PGDATA, ...), which would point it elsewhere. */
    private static ProcessBuilder command(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        return builder;
    }

    /** Nothing is read from the commands' standard input. */
    private static void clean(Process process) throws IOException {
        process.getOutputStream().close();
    }

    private List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>(asServerUser);
        full.addAll(List.of(command));
        return full;
    }

    private void ownedByServerUser(Path path) throws IOException {
        if (!asServerUser.isEmpty()) {
            Files.setOwner(path, serverAccount());
        }
    }

    /**
     * Where the server binaries are: {@value #BIN_VARIABLE} when set, else the newest Debian package's folder. Not
     * {@code PATH}: Debian puts only wrappers of the client tools there (any {@code /usr/local/bin/initdb} is a local
     * link to the same binaries, absent on a clean machine).
     */
    private static Path binaries() {
        return binaries(System.getenv(BIN_VARIABLE), DEBIAN_VERSIONS);
    }

    static Path binaries(String configured, Path versionsFolder) {
        if (configured != null && !configured.isBlank()) {
            Path folder = Path.of(configured.strip());
            if (!complete(folder)) {
                throw new IllegalStateException(BIN_VARIABLE + "=" + folder + " does not hold the PostgreSQL server"
                        + " binaries " + BINARIES + ".");
            }
            return folder;
        }
        try (Stream<Path> versions = Files.isDirectory(versionsFolder) ? Files.list(versionsFolder)
                : Stream.empty()) {
            // a client-only version (postgresql-client-NN) has a bin folder without the server
            return versions.filter(version -> version.getFileName().toString().matches("\\d+"))
                    .filter(version -> complete(version.resolve("bin")))
                    .max(Comparator.comparingInt(version -> Integer.parseInt(version.getFileName().toString())))
                    .map(version -> version.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("The tests against a real PostgreSQL need its server"
                            + " binaries " + BINARIES + " in " + versionsFolder + "/<version>/bin, and there are"
                            + " none. Install the Debian package: apt-get install postgresql (.ci/run does), or set "
                            + BIN_VARIABLE + " to the folder holding them."));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for PostgreSQL in " + versionsFolder, e);
        }
    }

    private static boolean complete(Path folder) {
        return BINARIES.stream().allMatch(name -> Files.isExecutable(folder.resolve(name)));
    }

    /** PostgreSQL refuses to run as root: then the server is run as the postgres user, through runuser. */
    private static List<String> serverUser() {
        if (new UnixSystem().getUid() != 0) {
            return List.of();
        }
        serverAccount();
        Path runuser = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser").map(Path::of)
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("The tests run as root and PostgreSQL refuses to:"
                        + " runuser (Debian package util-linux) is needed to run it as the postgres user."));
        return List.of(runuser.toString(), "-u", SUPERUSER, "--");
    }

    private static UserPrincipal serverAccount() {
        try {
            return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("The tests run as root and PostgreSQL refuses to: it runs as the user "
                    + SUPERUSER + ", and there is none. Install the Debian package postgresql (it creates the user).");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String secret() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
