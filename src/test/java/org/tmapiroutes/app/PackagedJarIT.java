package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/** The packaged jar run the way users run it, in its own process: catches run-time classpath gaps. */
class PackagedJarIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path JAR = PROJECT.resolve("target/tmapi-routes.jar");

    @TempDir
    Path work;
    private Process process;
    private Path output;

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private Process start(Path directory, Map<String, String> env, List<String> jvmOptions, String... args)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Dcamel.management.port="))) {
            // a port of its own, so that no other program on this machine decides whether it starts
            command.add("-Dcamel.management.port=" + RunningBundle.freePort());
        }
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("TMAPI_") || k.equals("DATA_DIR"));
        builder.environment().putAll(env);
        output = work.resolve("process-" + System.nanoTime() + ".log");
        builder.redirectOutput(output.toFile());
        process = builder.start();
        return process;
    }

    private String output() throws Exception {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private Path awaitOutbox(Path dataDir, String endpointId) {
        Path folder = dataDir.resolve("outbox").resolve(endpointId);
        return await().atMost(Duration.ofSeconds(60)).until(() -> RunningBundle.list(folder).stream()
                .filter(p -> p.toString().endsWith(".csv"))
                // a file being written is hidden (.writing-…) until it is renamed whole
                .filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElse(null), p -> p != null);
    }

    @Test
    void givenNoTokenAndNoDemo_whenStarted_thenExitsWithStatus2AndOneLineSayingHow() throws Exception {
        start(PROJECT, Map.of(), List.of());

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(TmapiRoutesMain.EXIT_CONFIGURATION);
        assertThat(output()).as("the whole console").isEqualTo(TmapiRoutesMain.NO_TOKEN_MESSAGE + System.lineSeparator());
    }

    @Test
    void givenManagementPortTaken_whenStarted_thenExitsWithStatus2AndOneLineNamingTheKeyWithoutStackTrace()
            throws Exception {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = other.getLocalPort();
            start(PROJECT, Map.of("TMAPI_API_TOKEN", "t", "DATA_DIR", work.resolve("data").toString()),
                    List.of("-Dcamel.management.port=" + port));

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(TmapiRoutesMain.EXIT_CONFIGURATION);
            assertThat(output()).contains("tmapi-routes: port " + port + " on 127.0.0.1 (health and metrics) is already "
                    + "in use, perhaps by another tmapi-routes; give this one a free port with camel.management.port, "
                    + "e.g. -Dcamel.management.port=" + (port + 1) + " or CAMEL_MANAGEMENT_PORT=" + (port + 1) + ".");
            assertCleanConfigurationExit(output());
        }
    }

    @Test
    void givenSmtpTrustStoreThatCannotBeRead_whenStarted_thenExitsWithStatus2NamingTheKey() throws Exception {
        Path missing = work.resolve("no-such-ca.p12");
        start(PROJECT, Map.of("TMAPI_API_TOKEN", "t", "SMTP_HOST", "mail.example.com",
                "SMTP_TRUST_STORE", missing.toString(), "DATA_DIR", work.resolve("data").toString()), List.of());

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(TmapiRoutesMain.EXIT_CONFIGURATION);
        assertThat(output()).contains("tmapi-routes: smtp.trust-store " + missing + " cannot be read (no such file); "
                + "check the file and its password, the environment variable SMTP_TRUST_STORE_PASSWORD.");
        assertCleanConfigurationExit(output());
    }

    /** Apart from Camel's one "starting" line and the product's line: no stack trace, no shutdown hook talk. */
    private static void assertCleanConfigurationExit(String out) {
        assertThat(out).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("shutdown hook")
                .doesNotContain("SIGTERM");
        assertThat(out.lines().filter(l -> !l.contains("Apache Camel (Main)"))).hasSize(1);
    }

    @Test
    void givenJsonLogSwitch_whenStarted_thenEveryLogLineIsAJsonObject() throws Exception {
        start(PROJECT, Map.of("TMAPI_API_TOKEN", "t", "DATA_DIR", work.resolve("data").toString()),
                List.of("-Dtmapi.log.format=json", "-Dcamel.main.duration-max-seconds=2"));

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> logLines = output().lines().toList();
        assertThat(logLines).hasSizeGreaterThan(5);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : logLines) {
            assertThat(json.readTree(line).has("level")).as(line).isTrue();
        }
    }

    @Test
    void givenTheEmbeddedStoreInUseByAnotherProgram_whenStarted_thenExitsInOneLineSayingSo() throws Exception {
        Path dataDir = work.resolve("data");
        try (org.tmapiroutes.store.StateStore other = org.tmapiroutes.store.StateStore.open("", "",
                java.util.Optional.empty(), dataDir)) {
            start(PROJECT, Map.of("TMAPI_API_TOKEN", "t", "DATA_DIR", dataDir.toString()), List.of());

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(process.exitValue()).isEqualTo(TmapiRoutesMain.EXIT_CONFIGURATION);
        assertThat(output()).contains("tmapi-routes: the state store (embedded database ")
                .contains("cannot be opened: another instance uses it");
        assertCleanConfigurationExit(output());
    }

    @Test
    void givenReportEnabledWithoutSmtpHost_whenStarted_thenExitsSayingWhichKeyIsMissing() throws Exception {
        start(PROJECT, Map.of("TMAPI_API_TOKEN", "t", "REPORT_CATEGORY_ENABLED", "true"), List.of());

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(TmapiRoutesMain.EXIT_CONFIGURATION);
        assertThat(output()).contains("tmapi-routes: report.category.enabled is true but smtp.host is not set; "
                + "set it in config/application.properties or as the environment variable SMTP_HOST.");
        assertCleanConfigurationExit(output());
    }

    @Test
    void givenBaseUrlFromEnvironmentVariable_whenFileDropped_thenTheSimulatorAnswersAndCsvWritten() throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator("env-token").start()) {
            Path dataDir = work.resolve("data");
            int port = RunningBundle.freePort();
            start(PROJECT, Map.of("TMAPI_API_TOKEN", "env-token", "TMAPI_BASE_URL", simulator.baseUrl(),
                    "DATA_DIR", dataDir.toString()), List.of("-Dcamel.main.duration-max-seconds=120",
                    "-Dcamel.management.port=" + port));
            dropWhenWatched(dataDir, "category-items", "env.txt", "1031922\n");

            Path csv = awaitOutbox(dataDir, "category-items");

            assertThat(Files.readString(csv)).startsWith("\uFEFFsource,query,item_id");
            assertThat(simulator.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.tokenValid()).isTrue());
            assertThat(output()).contains("Health on http://127.0.0.1:" + port + "/observe/health, metrics on "
                    + "http://127.0.0.1:" + port + "/observe/metrics").doesNotContain("0.0.0.0");
        }
    }

    @Test
    void givenBaseUrlFromDashD_whenFileDroppedThenSigterm_thenTheSimulatorAnswersAndTheProgramExits0() throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator("d-token").start()) {
            Path dataDir = work.resolve("data");
            // no UTF-8 locale, as under cron or systemd
            start(PROJECT, Map.of("TMAPI_API_TOKEN", "d-token", "LANG", "C", "LC_ALL", "", "LC_CTYPE", ""),
                    List.of("-Dtmapi.base-url=" + simulator.baseUrl(), "-Ddata.dir=" + dataDir,
                            "-Dcamel.main.duration-max-seconds=120"));
            dropWhenWatched(dataDir, "shop-items", "shops.txt", "https://xldjjg.1688.com/\n");

            awaitOutbox(dataDir, "shop-items");

            assertThat(simulator.requestCount("shop-items")).isEqualTo(3);
            assertThat(output()).contains("TMAPI requests go to " + simulator.baseUrl() + " (tmapi.base-url)")
                    .doesNotContain("d-token")
                    .as("java -jar cannot change how file names are read: it says how to start it")
                    .contains("File names are read as ANSI_X3.4-1968").contains("LC_ALL=C.UTF-8");
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("stopped by SIGTERM, as a service manager stops it: no failure")
                    .isZero();
        }
    }

    @Test
    void givenDemo_whenRun_thenEveryEndpointHasAnOutputItsPathIsPrintedAndDataIsSaidSimulated() throws Exception {
        start(work, Map.of(), List.of("-Dcamel.main.duration-max-seconds=120"), "--demo",
                "--routes", PROJECT.resolve("routes").toString(),
                "--config", PROJECT.resolve("config/application.properties").toString());

        await().atMost(Duration.ofSeconds(90)).until(() -> output().contains("DEMO DONE"));

        String out = output();
        assertThat(out).contains("SIMULATED").doesNotContain("no output");
        assertThat(out.indexOf("DEMO DONE")).as("printed once, after every endpoint's result").isEqualTo(out.lastIndexOf("DEMO DONE"));
        for (String endpointId : Arrays.stream(TmapiEndpoint.values()).map(TmapiEndpoint::id).toList()) {
            assertThat(out).containsPattern("demo: " + endpointId + " -> \\S+\\.csv");
            Path folder = work.resolve("data/demo/outbox").resolve(endpointId);
            assertThat(RunningBundle.list(folder)).as(folder.toString()).anyMatch(p -> p.toString().endsWith(".csv"));
        }
        assertThat(out).containsPattern("demo: catalog uploaded by SFTP -> \\S+/sftp/incoming/shop-catalog-sftp-push-\\d{8}-\\d{6}\\.csv");
        assertThat(RunningBundle.list(work.resolve("data/demo/sftp/incoming"))).hasSize(1);
        assertThat(out).doesNotContain("\u001b");
        assertThat(out).as("started without the flag, it says how to end on running out of memory")
                .contains("start it with -XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void givenDemo_whenTheReportsAndTheWatchAreMailed_thenEachMailIsSavedAndPrintedOnceWithAllItsRecipients()
            throws Exception {
        startDemo();

        await().atMost(Duration.ofSeconds(90)).until(() -> output().contains("DEMO DONE"));

        List<String> mailLines = output().lines().filter(l -> l.startsWith("demo: mail ")).toList();
        assertThat(mailLines).hasSize(3);
        assertThat(mailLines).anyMatch(l -> l.contains("category-email-report:"))
                .anyMatch(l -> l.contains("category-new-items-report:"))
                .anyMatch(l -> l.matches(".*item-watch: [1-9]\\d* changes, .*"))
                .allMatch(l -> l.contains(" to buyer@example.com, sourcing@example.com -> "));
        assertThat(output()).as("the watch's first check is its baseline, the second finds what the demo moved")
                .contains("item-watch: 5 of 5 watched items checked, no change; no mail")
                .containsPattern("item-watch: \\d+ changes of 4 items in the mail");
        List<Path> saved = RunningBundle.list(work.resolve("data/demo/mail"));
        assertThat(saved).hasSize(3);
        Session session = Session.getInstance(new Properties());
        List<String> ids = new ArrayList<>();
        for (Path file : saved) {
            try (var in = Files.newInputStream(file)) {
                MimeMessage mail = new MimeMessage(session, in);
                ids.add(mail.getMessageID());
                assertThat(mail.getSubject()).as("the demo's mails say their products are made up")
                        .startsWith("[SIMULATED DATA] [tmapi-routes] ");
                if (mail.getSubject().contains("item-watch")) {
                    assertThat(ReceivedMail.structure(mail)).as("a price chart per item moved in price, inline")
                            .contains("multipart/related[text/html,image/png,image/png,").endsWith("],text/csv]");
                }
            }
        }
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void givenAnEarlierDemoRun_whenTheDemoRunsAgain_thenItStartsAfreshAndEveryFlowShowsProductsAgain() throws Exception {
        startDemo();
        await().atMost(Duration.ofSeconds(90)).until(() -> output().contains("DEMO DONE"));
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Path earlierOutput = RunningBundle.list(work.resolve("data/demo/outbox/category-items")).get(0);

        startDemo();
        await().atMost(Duration.ofSeconds(90)).until(() -> output().contains("DEMO DONE"));

        String out = output();
        assertThat(out).contains("demo: cleared data/demo/ of the earlier demo run");
        assertThat(earlierOutput).doesNotExist();
        // the demo's mails say their data is simulated before the product's own subject
        assertThat(out).containsPattern("demo: mail \"\\[SIMULATED DATA] \\[tmapi-routes] category-email-report: [1-9]\\d* items")
                .containsPattern("demo: mail \"\\[SIMULATED DATA] \\[tmapi-routes] category-new-items-report: [1-9]\\d* items,"
                        + " [^,]+, [1-9]\\d* new");
        for (String endpointId : Arrays.stream(TmapiEndpoint.values()).map(TmapiEndpoint::id).toList()) {
            // this run's outputs only (category-items also gets the enrichment example's, written a moment later)
            List<Path> csvs = RunningBundle.list(work.resolve("data/demo/outbox").resolve(endpointId));
            assertThat(csvs).as(endpointId).isNotEmpty().hasSizeLessThanOrEqualTo(2).allSatisfy(csv ->
                    assertThat(Files.readAllLines(csv).size()).as(csv.toString()).isGreaterThan(1));
        }
        assertThat(RunningBundle.list(work.resolve("data/demo/mail"))).as("the two reports and the item watch").hasSize(3);
    }

    private void startDemo() throws Exception {
        start(work, Map.of(), List.of("-Dcamel.main.duration-max-seconds=120"), "--demo",
                "--routes", PROJECT.resolve("routes").toString(),
                "--config", PROJECT.resolve("config/application.properties").toString());
    }

    /** Drops the file once the inbox folder exists, i.e. once the route watching it has started. */
    private static void dropWhenWatched(Path dataDir, String endpointId, String name, String content) throws Exception {
        Path inbox = dataDir.resolve("inbox").resolve(endpointId);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(inbox));
        Path temp = dataDir.resolve(name + ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, inbox.resolve(name));
    }
}
