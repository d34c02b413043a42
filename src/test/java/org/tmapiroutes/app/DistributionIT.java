package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.tmapi.TmapiEndpoint;

/**
 * The distribution zip as someone who is not a Java developer uses it: unpacked in a folder of its own and started with
 * its script, with nothing but Java on the PATH (no Maven, no project folder, not even the usual shell tools).
 */
class DistributionIT {

    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Path JAVA_BIN = Path.of(System.getProperty("java.home"), "bin");

    @TempDir
    Path work;
    private Path home;
    private Process process;
    private Path output;

    @BeforeEach
    void unpack() throws IOException {
        Path zip;
        try (Stream<Path> files = Files.list(TARGET)) {
            zip = files.filter(p -> p.getFileName().toString().matches("tmapi-routes-.+\\.zip")).findFirst()
                    .orElseThrow(() -> new AssertionError("no distribution zip in target/; run mvn package"));
        }
        Path unpacked = Files.createDirectories(work.resolve("unpacked"));
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = unpacked.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(unpacked)).as(entry.getName()).isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                    // as unzip and Windows do: the class archive is taken only for jars of the time it was made with
                    Files.setLastModifiedTime(target, entry.getLastModifiedTime());
                }
            }
        }
        try (Stream<Path> top = Files.list(unpacked)) {
            home = top.findFirst().orElseThrow();
        }
        assertThat(home.getFileName().toString()).startsWith("tmapi-routes-");
    }

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * Starts bin/tmapi-routes from another folder, with only the java bin folder on the PATH (and so no locale: the
     * POSIX one, whose encoding is ASCII).
     */
    private void startScript(String... args) throws IOException {
        startScript(Map.of(), args);
    }

    private void startScript(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", home.resolve("bin/tmapi-routes").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", JAVA_BIN.toString());
        builder.environment().putAll(env);
        output = work.resolve("console-" + System.nanoTime() + ".txt");
        builder.redirectOutput(output.toFile());
        process = builder.start();
    }

    private String console() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    @Test
    void givenTheZip_whenUnpacked_thenItHoldsTheJarItsLibrariesRoutesConfigurationAndBothStartScripts()
            throws IOException {
        assertThat(home.resolve("tmapi-routes.jar")).isRegularFile();
        assertThat(home.resolve("lib")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("camel-main-"))
                .as("no test library ships").isDirectoryNotContaining(p -> p.getFileName().toString()
                        .matches("(junit|hamcrest|.*-test|.*-tests|opentest4j|assertj|awaitility).*\\.jar"));
        assertThat(home.resolve("routes/category-items-inbox.camel.yaml")).isRegularFile();
        assertThat(home.resolve("routes/examples")).isDirectory();
        assertThat(home.resolve("config/application.properties")).isRegularFile();
        assertThat(home.resolve("config/templates/category-email-report.mustache")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(Files.readString(home.resolve("bin/tmapi-routes"))).startsWith("#!/bin/sh\n").doesNotContain("\r");
        String bat = Files.readString(home.resolve("bin/tmapi-routes.bat"));
        assertThat(bat).startsWith("@echo off\r\n").contains("-jar tmapi-routes.jar %*\r\n");
        assertThat(bat.replace("\r\n", "")).as("Windows line ends throughout").doesNotContain("\n");
    }

    @Test
    void givenTheUnpackedZip_whenTheScriptStarts_thenTheClassesComeFromTheArchiveMadeWithTheJar() throws Exception {
        assertThat(home.resolve("tmapi-routes.jsa")).isRegularFile();
        // -Xshare:on makes the JVM stop at once when it cannot use the archive (made for another jar or Java)
        startScript(Map.of("TMAPI_API_TOKEN", "t", "JAVA_OPTS", "-Xshare:on"), "-Dcamel.main.duration-max-seconds=1",
                "-Dtmapi.base-url=http://127.0.0.1:9", "-Dcamel.management.port=" + RunningBundle.freePort());

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(console()).contains("Started tmapi-page").doesNotContain("shared archive");
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void givenOnlyJavaOnThePathAndNoToken_whenTheScriptStarts_thenOneLineSayingHowAndExitStatus2() throws Exception {
        startScript();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(TmapiRoutesMain.EXIT_CONFIGURATION);
        assertThat(console()).isEqualTo(TmapiRoutesMain.noTokenMessage("bin/tmapi-routes") + "\n");
        assertThat(console()).contains("'bin/tmapi-routes --demo'");
    }

    @Test
    void givenOnlyJavaOnThePath_whenTheDemoStartsFromTheScript_thenEveryFlowRunsAndItsDataIsInTheUnpackedFolder()
            throws Exception {
        startScript("--demo", "-Dcamel.main.duration-max-seconds=120",
                "-Dcamel.management.port=" + RunningBundle.freePort());

        await().atMost(Duration.ofSeconds(90)).until(() -> console().contains("DEMO DONE"));

        assertThat(console()).contains("SIMULATED").doesNotContain("Exception")
                .as("the script ends a JVM that runs out of memory").doesNotContain("-XX:+ExitOnOutOfMemoryError");
        for (String endpointId : Arrays.stream(TmapiEndpoint.values()).map(TmapiEndpoint::id).toList()) {
            Path folder = home.resolve("data/demo/outbox").resolve(endpointId);
            assertThat(RunningBundle.list(folder)).as(folder.toString()).anyMatch(p -> p.toString().endsWith(".csv"));
        }
        assertThat(RunningBundle.list(home.resolve("data/demo/mail"))).as("the two reports and the item watch").hasSize(3);
        assertThat(home.resolve("data/demo/watch/items.csv")).as("the watch list sample").isRegularFile();
        assertThat(work.resolve("data")).as("nothing written where the script was started from").doesNotExist();
    }

    @Test
    void givenLangC_whenAFileNamedInChineseIsDropped_thenTheScriptedProgramReadsItAndLogsItsKeywords()
            throws Exception {
        try (TmapiSimulator simulator = new TmapiSimulator("locale-token").start()) {
            startScript(Map.of("LANG", "C", "TMAPI_API_TOKEN", "locale-token"),
                    "-Dtmapi.base-url=" + simulator.baseUrl(), "-Dcamel.main.duration-max-seconds=120",
                    "-Dinbox.quiet-seconds=1", "-Dcamel.management.port=" + RunningBundle.freePort());
            Path inbox = home.resolve("data/inbox/keyword-search");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(inbox));
            Path staged = Files.writeString(work.resolve("staged.txt"), "马克杯\n", StandardCharsets.UTF_8);
            Files.move(staged, inbox.resolve("杯子清单.txt"));

            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve(".done/杯子清单.txt")));
            assertThat(RunningBundle.list(home.resolve("data/outbox/keyword-search")))
                    .anyMatch(p -> p.getFileName().toString().startsWith("杯子清单-"));
            assertThat(console()).contains("keyword=马克杯").doesNotContain("File names are read as");
        }
    }

    @Test
    void givenNoJavaAtAll_whenTheScriptStarts_thenItSaysJavaIsNeeded() throws Exception {
        List<String> command = List.of("/bin/sh", home.resolve("bin/tmapi-routes").toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", work.resolve("no-java-here").toString());
        process = builder.start();
        String said;
        try (InputStream in = process.getInputStream()) {
            said = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(said).isEqualTo("tmapi-routes: Java 17 or newer is needed and was not found; install it "
                + "(README.md, \"Installing Java\") or set JAVA_HOME.\n");
    }
}
