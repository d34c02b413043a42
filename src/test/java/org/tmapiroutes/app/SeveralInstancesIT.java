package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.Fault;
import org.tmapiroutes.app.simulator.RecordedRequest;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.store.RealPostgres;

/**
 * Two real instances (the packaged jar) sharing one data folder and one real PostgreSQL database behave as one
 * product: each file processed once, a killed instance's job finished by the other with no page bought twice but those
 * in flight, the account's concurrency limit kept together (the simulator answers 503 above it, as TMAPI does), a 439
 * pausing both, and a cron firing once per schedule.
 */
class SeveralInstancesIT {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String TOKEN = "cluster-token";
    /** tmapi.max-concurrency, the account's limit, enforced by the simulator too. */
    private static final int LIMIT = 3;
    /** The simulator's default: 45 items per query, 3 pages of 20. */
    private static final int ITEMS_PER_QUERY = 45;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;
    private final List<Instance> instances = new ArrayList<>();
    private String database;
    /** The mail server both instances deliver to, when the test has one. */
    private GreenMail smtp;

    /** One running jar: its id, its management port, its log. */
    private record Instance(String id, int port, Process process, Path log) {
        String health() throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/observe/health?exposureLevel=full")).build(), HttpResponse.BodyHandlers.ofString()).body();
        }

        boolean up() {
            try {
                return health().startsWith("{\"status\":\"UP\"");
            } catch (Exception notYet) {
                return false;
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Instance instance : instances) {
            instance.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    private Instance start(TmapiSimulator simulator, String id, Path routes) throws Exception {
        if (database == null) {
            database = POSTGRES.newDatabase();
        }
        int port = RunningBundle.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dtmapi.base-url=" + simulator.baseUrl(), "-Ddata.dir=" + work.resolve("data"),
                "-Dstate.jdbc-url=" + database, "-Dstate.username=" + POSTGRES.username(),
                "-Dinstance.id=" + id, "-Dinstance.takeover-seconds=10", "-Dcamel.management.port=" + port,
                "-Dtmapi.max-concurrency=" + LIMIT, "-Dtmapi.pause-minutes=10", "-Dcamel.main.shutdown-timeout=20"));
        if (smtp != null) {
            command.addAll(List.of("-Dsmtp.host=127.0.0.1", "-Dsmtp.port=" + smtp.getSmtp().getPort(),
                    "-Dsmtp.starttls=false"));
        }
        command.addAll(List.of("-jar", PROJECT.resolve("target/tmapi-routes.jar").toString(), "--routes",
                routes.toString()));
        // kept after the test, to read when it failed
        Path log = Files.createDirectories(PROJECT.resolve("target/several-instances-logs"))
                .resolve(id + "-" + System.currentTimeMillis() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("TMAPI_API_TOKEN", TOKEN);
        builder.environment().put("STATE_PASSWORD", POSTGRES.password());
        Instance instance = new Instance(id, port, builder.start(), log);
        instances.add(instance);
        return instance;
    }

    private static void awaitUp(Instance... instances) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> Stream.of(instances).allMatch(Instance::up));
    }

    private Path inbox() {
        return work.resolve("data/inbox/category-items");
    }

    private Path outbox() {
        return work.resolve("data/outbox/category-items");
    }

    private void drop(String name, String content) throws Exception {
        Files.createDirectories(inbox());
        Path temp = work.resolve(name + ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, inbox().resolve(name));
    }

    private static String queries(int from, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(from + i).append('\n');
        }
        return text.toString();
    }

    /**
     * The shipped routes, and a user's own scheduled route firing every 10 s that writes a file per fire and queues a
     * mail per fire in the shared pending folder.
     */
    private Path routesWithATick() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        try (Stream<Path> shipped = Files.list(PROJECT.resolve("routes"))) {
            for (Path file : shipped.filter(Files::isRegularFile).toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Files.writeString(routes.resolve("cluster-tick.camel.yaml"), """
                # cluster-tick: writes one file per fire, named by its scheduled time and the instance that ran it.
                # Trigger: a Quartz cron every 10 seconds.
                # Keys:    data.dir, instance.id.
                - route:
                    id: cluster-tick
                    from:
                      uri: "quartz:cluster-test/tick"
                      parameters:
                        cron: "0/10 * * * * ?"
                      steps:
                        - setBody:
                            simple: "${date:header.scheduledFireTime:yyyy-MM-dd HH:mm:ss}"
                        - to:
                            uri: "file:{{data.dir}}/ticks"
                            parameters:
                              fileName: "${date:header.scheduledFireTime:yyyyMMdd-HHmmss}-{{instance.id}}.txt"
                        - bean:
                            ref: mailOutbox
                            method: "queue('ticks@example.com', 'buyer@example.com', 'tick', 'tick', '<p>tick</p>', null, null)"
                """);
        return routes;
    }

    private List<String> query(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(database, POSTGRES.username(), POSTGRES.password());
                Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    /** The pages asked for more than once (the same cat_id and page): the pages paid twice. */
    private static long pagesFetchedTwice(TmapiSimulator simulator) {
        List<String> pages = simulator.requests().stream().map(r -> r.parameter("cat_id") + "/" + r.parameter("page"))
                .toList();
        return pages.size() - pages.stream().distinct().count();
    }

    private static long refused503(TmapiSimulator simulator) {
        return simulator.requests().stream().map(RecordedRequest::httpStatus).filter(s -> s != null && s == 503)
                .count();
    }

    private List<Path> outputs() throws Exception {
        return RunningBundle.list(outbox()).stream().filter(p -> !p.getFileName().toString().startsWith("."))
                .toList();
    }

    @Test
    void givenTwoInstances_whenTwentyFilesAreDropped_thenEachIsProcessedOnceWithinTheAccountLimitAndTheCronFiresOnce()
            throws Exception {
        smtp = RunningBundle.startSmtp(RunningBundle.freePort());
        try (TmapiSimulator simulator = new TmapiSimulator(TOKEN).start()) {
            simulator.setAccountConcurrency(LIMIT);
            simulator.setLatency(Duration.ofMillis(150));
            Path routes = routesWithATick();
            // a file an instance moved to .processing/ and died with before recording its job
            Files.writeString(Files.createDirectories(inbox().resolve(".processing")).resolve("orphan.txt"),
                    queries(900, 2));
            Instance a = start(simulator, "node-a", routes);
            Instance b = start(simulator, "node-b", routes);
            awaitUp(a, b);

            for (int i = 1; i <= 20; i++) {
                drop("file-" + i + ".txt", queries(1000 + 10 * i, 2));
            }
            await().atMost(Duration.ofMinutes(3)).until(() -> RunningBundle.list(inbox().resolve(".done")).size() == 21);

            assertThat(outputs()).hasSize(21);
            for (Path csv : outputs()) {
                assertThat(Files.readAllLines(csv)).as(csv.toString()).hasSize(1 + 2 * ITEMS_PER_QUERY);
            }
            assertThat(RunningBundle.list(inbox().resolve(".processing"))).isEmpty();
            assertThat(simulator.requestCount()).as("every page once: 21 files, 2 queries, 3 pages").isEqualTo(126);
            assertThat(pagesFetchedTwice(simulator)).isZero();
            assertThat(refused503(simulator)).as("no 503: the two kept the account's limit together").isZero();
            assertThat(simulator.maxInFlight()).isLessThanOrEqualTo(LIMIT);
            assertThat(query("select count(*) from tmapi_job where kind = 'inbox' and state = 'done'"))
                    .containsExactly("21");
            assertThat(Files.readString(a.log()) + Files.readString(b.log()))
                    .contains("orphan.txt was not accepted before a stop: it is back in");
            // each names itself, the store (never its password) and the instances alive at its start
            assertThat(Files.readString(b.log())).contains("Instance node-b keeps its state in the database "
                    + database + "; instances alive: ").doesNotContain(POSTGRES.password());

            // a cron every 10 s: each fire ran on one instance, never on both
            Path ticks = work.resolve("data/ticks");
            await().atMost(Duration.ofSeconds(60)).until(() -> firesByTime(ticks).size() >= 3);
            Map<String, List<String>> fires = firesByTime(ticks);
            assertThat(fires.values()).allSatisfy(ranOn -> assertThat(ranOn).hasSize(1));
            // each fire's mail, waiting in the folder both instances deliver from, went out once: counted by Message-ID
            Path pending = work.resolve("data/outbox/.mail-pending");
            await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length >= 3
                    && RunningBundle.list(pending).stream().noneMatch(p -> p.toString().endsWith(".eml")));
            List<String> messageIds = new ArrayList<>();
            for (MimeMessage mail : smtp.getReceivedMessages()) {
                messageIds.add(mail.getMessageID());
            }
            assertThat(messageIds).as("no mail delivered twice").doesNotHaveDuplicates();
            assertThat(a.process().isAlive() && b.process().isAlive()).as("both ran all along").isTrue();
        }
    }

    /** The tick files by scheduled fire time: the instances each fire ran on. */
    private static Map<String, List<String>> firesByTime(Path ticks) throws Exception {
        return RunningBundle.list(ticks).stream().map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".txt"))
                .collect(Collectors.groupingBy(n -> n.substring(0, 15), Collectors.mapping(n -> n.substring(16),
                        Collectors.toList())));
    }

    @Test
    void givenAJobHalfFetched_whenItsInstanceIsKilled_thenTheOtherFinishesItWithoutBuyingItsRecordedPagesAgain()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(TOKEN).start()) {
            simulator.setAccountConcurrency(LIMIT);
            simulator.setLatency(Duration.ofMillis(200));
            Path routes = PROJECT.resolve("routes");
            Map<String, Instance> byId = Stream.of(start(simulator, "node-a", routes), start(simulator, "node-b",
                    routes)).collect(Collectors.toMap(Instance::id, Function.identity()));
            awaitUp(byId.values().toArray(Instance[]::new));

            int queries = 20;
            int pagesNeeded = queries * 3;
            drop("big.txt", queries(3000, queries));
            await().atMost(Duration.ofSeconds(60)).until(() -> simulator.requestCount() >= pagesNeeded / 2);
            String owner = query("select owner from tmapi_job where kind = 'inbox'").get(0);
            Instance killed = byId.get(owner);
            Instance survivor = byId.values().stream().filter(i -> i != killed).findFirst().orElseThrow();

            killed.process().destroyForcibly();
            killed.process().waitFor(30, TimeUnit.SECONDS);

            // taken over once the dead one has been silent for instance.takeover-seconds (10 here)
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox().resolve(".done/big.txt")));
            assertThat(query("select owner from tmapi_job where kind = 'inbox'")).containsExactly(survivor.id());
            assertThat(outputs()).hasSize(1);
            assertThat(Files.readAllLines(outputs().get(0))).hasSize(1 + queries * ITEMS_PER_QUERY);
            assertThat(RunningBundle.list(inbox().resolve(".processing"))).isEmpty();
            // only the requests in flight at the kill were asked again: calls ÷ needed ≤ 1 + in flight ÷ needed
            assertThat(pagesFetchedTwice(simulator)).isLessThanOrEqualTo(LIMIT);
            assertThat(simulator.requestCount() - refused503(simulator)).isLessThanOrEqualTo(pagesNeeded + LIMIT);
            assertThat(refused503(simulator)).isZero();
            assertThat(Files.readString(survivor.log())).contains("1 unfinished job is resumed here");
        }
    }

    @Test
    void givenTwoInstances_whenOneIsAnswered439_thenBothPauseAndDataResumeResumesBoth() throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator(TOKEN).start()) {
            simulator.setLatency(Duration.ofMillis(100));
            Path routes = PROJECT.resolve("routes");
            Instance a = start(simulator, "node-a", routes);
            Instance b = start(simulator, "node-b", routes);
            awaitUp(a, b);

            simulator.failNext("category-items", Fault.httpStatus(439), 1);
            drop("first.txt", queries(5000, 2));
            await().atMost(Duration.ofSeconds(60)).until(() -> Stream.of(a, b).allMatch(i -> healthShows(i,
                    "\"name\":\"tmapi-calls\",\"status\":\"DOWN\"")));
            int asked = simulator.requestCount();

            drop("second.txt", queries(6000, 2));
            // while paused, neither instance takes the new file or asks anything
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                    .until(() -> simulator.requestCount() == asked && Files.exists(inbox().resolve("second.txt")));

            Files.writeString(work.resolve("data/resume"), "");
            await().atMost(Duration.ofSeconds(90)).until(() -> RunningBundle.list(inbox().resolve(".done")).size() == 2);
            assertThat(a.up() && b.up()).as("both resumed").isTrue();
            assertThat(outputs()).hasSize(2);
            long alerts = Stream.of(a, b).mapToLong(i -> count(i.log(), "ALERT: TMAPI subscription expired")).sum();
            assertThat(alerts).as("one alert for the pause, not one per instance").isEqualTo(1);
        }
    }

    private static boolean healthShows(Instance instance, String text) {
        try {
            return instance.health().contains(text);
        } catch (Exception notYet) {
            return false;
        }
    }

    private static long count(Path log, String text) {
        try {
            return Files.readAllLines(log).stream().filter(l -> l.contains(text)).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
