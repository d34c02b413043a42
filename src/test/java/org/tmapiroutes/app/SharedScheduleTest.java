package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.SchedulerMetaData;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.simpl.RAMJobStore;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.store.RealPostgres;
import org.tmapiroutes.store.StateStore;

/**
 * Scheduled flows on instances sharing a PostgreSQL state store: Quartz's clustered job store in that database runs
 * each fire of a cron on one instance only, and a changed cron reaches the trigger kept there; with the embedded store
 * the schedule stays in memory, as before.
 */
class SharedScheduleTest {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();

    private static final String FLOW = "scheduled-fire-log";
    private static final String EVERY_TWO_SECONDS = "0/2 * * * * ?";
    private static final String SHANGHAI = "Asia/Shanghai";
    private static final String CRON_TRIGGERS = "select cron_expression || ' ' || time_zone_id from qrtz_cron_triggers";
    /** Generous: two instances starting and firing on a busy 2-core machine. */
    private static final Duration FIRES_WITHIN = Duration.ofSeconds(90);

    @TempDir
    Path routesDir;
    @TempDir
    Path dataA;
    @TempDir
    Path dataB;

    @Test
    void givenTwoInstancesOnOneDatabase_whenAFlowFiresEveryTwoSeconds_thenEachFireRunsOnOneInstanceOnly()
            throws Exception {
        String url = POSTGRES.newDatabase();
        copyFlow();
        Instant bothUp;
        RunningBundle a = start(dataA, url, "instance-a", EVERY_TWO_SECONDS);
        boolean aRunning = true;
        RunningBundle b = null;
        try {
            b = start(dataB, url, "instance-b", EVERY_TWO_SECONDS);
            RunningBundle other = b;
            await().atMost(RunningBundle.PATIENCE).until(() -> ScheduledFlows.ready(a.context(), FLOW)
                    && ScheduledFlows.ready(other.context(), FLOW));
            bothUp = Instant.now();

            await().atMost(FIRES_WITHIN).until(() -> firesSince(bothUp, null) >= 4);

            Duration sinceBothUp = Duration.between(bothUp, Instant.now());
            for (RunningBundle instance : List.of(a, b)) {
                assertThat(instance.context().isStarted()).isTrue();
                assertThat(instance.context().getUptime()).as("not restarted meanwhile").isGreaterThan(sinceBothUp);
                assertThat(ScheduledFlows.ready(instance.context(), FLOW)).isTrue();
                SchedulerMetaData scheduler = scheduler(instance);
                assertThat(scheduler.isStarted()).isTrue();
                assertThat(scheduler.isJobStoreClustered()).isTrue();
                assertThat(scheduler.getJobStoreClass()).isEqualTo(JobStoreTX.class);
                assertThat(scheduler.getSchedulerName()).isEqualTo("tmapi-routes");
                assertThat(scheduler.getSchedulerInstanceId()).as("each its own member")
                        .isEqualTo(instance == a ? "instance-a" : "instance-b");
            }
            assertThat(rows(a, "select instance_name from qrtz_scheduler_state where sched_name = 'tmapi-routes'"))
                    .as("both are members of the cluster").containsExactlyInAnyOrder("instance-a", "instance-b");

            // the schedule is the database's: once one instance stops, the other runs the fires
            aRunning = false;
            a.close();
            Instant aStopped = Instant.now();
            await().atMost(FIRES_WITHIN).until(() -> firesSince(aStopped, "instance-b") >= 1);
        } finally {
            if (aRunning) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        }

        // read once both have stopped: a fire being recorded while the folders were read is counted too
        Map<Long, List<String>> fires = fires();
        assertThat(fires).as("every fire recorded by one instance").allSatisfy((time, instances) ->
                assertThat(instances).as("fire of " + Instant.ofEpochMilli(time)).hasSize(1));
        assertThat(fires.keySet()).as("the cron's fire times, every 2 s").allMatch(time -> time % 2000 == 0);
    }

    @Test
    void givenAFlowOnTheSharedSchedule_whenItsCronOrTimeZoneIsEditedLiveOrChangedForARestart_thenItsTriggerTakesIt()
            throws Exception {
        String url = POSTGRES.newDatabase();
        copyFlow();
        String edited = "0 15 6 * * ?";
        String restarted = "0 30 7 ? * MON-FRI";
        String original = Files.readString(routesDir.resolve(FLOW + ".camel.yaml"));
        try (RunningBundle bundle = start(dataA, url, "instance-a", RunningBundle.FAR_AWAY_CRON, SHANGHAI)) {
            bundle.awaitCron(FLOW, RunningBundle.FAR_AWAY_CRON);

            RunningBundle.save(routesDir, FLOW + ".camel.yaml",
                    original.replace("\"{{fire-log.cron}}\"", "\"" + edited + "\""));
            bundle.awaitCron(FLOW, edited);
            assertThat(rows(bundle, CRON_TRIGGERS)).containsExactly(edited + " " + SHANGHAI);

            RunningBundle.save(routesDir, FLOW + ".camel.yaml", original.replace("\"{{fire-log.cron}}\"",
                    "\"" + edited + "\"").replace("\"{{fire-log.time-zone}}\"", "\"Europe/Berlin\""));
            await().atMost(RunningBundle.PATIENCE).until(() -> ScheduledFlows.ready(bundle.context(), FLOW)
                    && rows(bundle, CRON_TRIGGERS).equals(List.of(edited + " Europe/Berlin")));
        }
        assertThat(rows(url, CRON_TRIGGERS)).as("left in the database at the stop: other instances go on firing it")
                .containsExactly(edited + " Europe/Berlin");
        RunningBundle.save(routesDir, FLOW + ".camel.yaml", original);

        try (CapturedLog log = CapturedLog.debug()) {
            try (RunningBundle bundle = start(dataA, url, "instance-a", restarted, SHANGHAI)) {
                bundle.awaitCron(FLOW, restarted);
                assertThat(rows(bundle, CRON_TRIGGERS)).as("one trigger, rescheduled")
                        .containsExactly(restarted + " " + SHANGHAI);
            }
            assertThat(log.text()).as("Quartz at DEBUG").contains("JobStoreTX").contains("tmapi-routes")
                    .doesNotContain(POSTGRES.password());
        }
        try (RunningBundle bundle = start(dataA, url, "instance-a", restarted, "America/New_York")) {
            await().atMost(RunningBundle.PATIENCE).until(() -> ScheduledFlows.ready(bundle.context(), FLOW));
            assertThat(rows(bundle, CRON_TRIGGERS)).as("the time zone alone changed")
                    .containsExactly(restarted + " America/New_York");
        }
    }

    @Test
    void givenTheEmbeddedStore_whenAFlowIsScheduled_thenItsScheduleIsInMemoryAndItFires() throws Exception {
        copyFlow();
        try (RunningBundle bundle = RunningBundle.start(dataA, routesDir, Map.of("instance.id", "instance-a",
                "fire-log.cron", EVERY_TWO_SECONDS, "fire-log.time-zone", SHANGHAI))) {
            await().atMost(FIRES_WITHIN).until(() -> fires().size() >= 2);

            SchedulerMetaData scheduler = scheduler(bundle);
            assertThat(scheduler.getJobStoreClass()).isEqualTo(RAMJobStore.class);
            assertThat(scheduler.isJobStoreClustered()).isFalse();
            assertThat(rows(bundle, "select table_name from information_schema.tables where table_name like 'qrtz%'"))
                    .as("no Quartz tables in the embedded store").isEmpty();
        }
        assertThat(fires().values()).allSatisfy(instances -> assertThat(instances).containsExactly("instance-a"));
    }

    @Test
    void givenARunGoingOnOneInstance_whenTheFlowFiresOnEitherInstance_thenTheFireIsSkippedAndNoPageIsBoughtTwice(
            @TempDir Path flows) throws Exception {
        String url = POSTGRES.newDatabase();
        RunningBundle.copyShippedRoutes(flows);
        RunningBundle.save(flows, "busy-report.camel.yaml", UserRoutes.busyReport(RunningBundle.FAR_AWAY_CRON));
        try (CapturedLog log = CapturedLog.info(); TmapiSimulator simulator = new TmapiSimulator(RunningBundle.TOKEN)
                .start()) {
            // three pages at 600 ms each: the run goes on while the other fires come
            simulator.setLatency(Duration.ofMillis(600));
            Map<String, String> shared = Map.of("state.jdbc-url", url, "state.username", POSTGRES.username(),
                    "state.password", POSTGRES.password());
            try (RunningBundle a = RunningBundle.start(dataA, flows, Path.of("config", "application.properties"),
                    with(shared, "instance.id", "instance-a"), simulator);
                    RunningBundle b = RunningBundle.start(dataB, flows, Path.of("config", "application.properties"),
                            with(shared, "instance.id", "instance-b"), simulator)) {
                await().atMost(RunningBundle.PATIENCE).until(() -> ScheduledFlows.ready(a.context(), "busy-report")
                        && ScheduledFlows.ready(b.context(), "busy-report"));
                CompletableFuture<Void> run = CompletableFuture.runAsync(() -> fireHere(a, "busy-report"));
                await().atMost(RunningBundle.PATIENCE).until(() -> simulator.requestCount() >= 1);

                fireHere(b, "busy-report");
                fireHere(a, "busy-report");
                run.get(60, TimeUnit.SECONDS);
            }
            assertThat(log.text()).contains("busy-report: this fire is skipped, as its run of ")
                    .contains("is still going on another instance").contains("is still going here");
            assertThat(simulator.requests()).extracting(r -> r.parameter("page")).as("one run's pages, each once")
                    .containsExactly("1", "2", "3");
        }
    }

    /** One fire of a scheduled flow on this instance, through its route as its Quartz job sends it; waits for its end. */
    private static void fireHere(RunningBundle instance, String flow) {
        Route route = instance.context().getRoute(flow);
        Exchange fire = route.getConsumer().createExchange(false);
        try {
            route.getConsumer().getProcessor().process(fire);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put(key, value);
        return all;
    }

    private RunningBundle start(Path dataDir, String url, String instanceId, String cron) {
        return start(dataDir, url, instanceId, cron, SHANGHAI);
    }

    private RunningBundle start(Path dataDir, String url, String instanceId, String cron, String timeZone) {
        return RunningBundle.start(dataDir, routesDir, Map.of(
                "state.jdbc-url", url,
                "state.username", POSTGRES.username(),
                "state.password", POSTGRES.password(),
                "instance.id", instanceId,
                "fire-log.cron", cron,
                "fire-log.time-zone", timeZone));
    }

    private void copyFlow() throws IOException {
        Files.copy(Path.of("src/test/resources/routes", FLOW + ".camel.yaml"), routesDir.resolve(FLOW + ".camel.yaml"));
    }

    /** The fires recorded in both data folders: the scheduled fire time (ms) and the instances that recorded it. */
    private Map<Long, List<String>> fires() {
        Map<Long, List<String>> fires = new TreeMap<>();
        for (Path dataDir : List.of(dataA, dataB)) {
            Path folder = dataDir.resolve("fires");
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".fire"))
                        .forEach(name -> {
                            String[] parts = name.substring(0, name.length() - ".fire".length()).split("-", 2);
                            fires.computeIfAbsent(Long.valueOf(parts[0]), t -> new ArrayList<>()).add(parts[1]);
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fires;
    }

    /** The fires scheduled at or after a time, recorded by one instance or (null) by any. */
    private long firesSince(Instant since, String instanceId) {
        return fires().entrySet().stream().filter(fire -> !Instant.ofEpochMilli(fire.getKey()).isBefore(since))
                .filter(fire -> instanceId == null || fire.getValue().contains(instanceId)).count();
    }

    private static SchedulerMetaData scheduler(RunningBundle bundle) throws Exception {
        return bundle.context().getComponent("quartz", QuartzComponent.class).getScheduler().getMetaData();
    }

    private static List<String> rows(RunningBundle bundle, String sql) throws Exception {
        StateStore store = bundle.context().getRegistry().lookupByNameAndType("stateStore", StateStore.class);
        try (Connection connection = store.dataSource().getConnection()) {
            return rows(connection, sql);
        }
    }

    /** Rows of the test's PostgreSQL database while no instance runs. */
    private static List<String> rows(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, POSTGRES.username(), POSTGRES.password())) {
            return rows(connection, sql);
        }
    }

    private static List<String> rows(Connection connection, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

}
