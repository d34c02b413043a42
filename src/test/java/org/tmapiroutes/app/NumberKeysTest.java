package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A number key whose value cannot work is one line naming the key, the value and what is allowed. */
class NumberKeysTest {

    @TempDir
    Path work;

    private static Optional<String> problem(String key, String value) {
        return NumberKeys.problem(k -> k.equals(key) ? Optional.of(value) : Optional.empty());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"tmapi.max-concurrency, -1, a whole number from 1 to 100",
            "tmapi.max-concurrency, 0, a whole number from 1 to 100",
            "tmapi.max-concurrency, 101, a whole number from 1 to 100",
            "tmapi.max-concurrency, 2.5, a whole number from 1 to 100",
            "tmapi.retry.500.max-retries, three, a whole number from 0 to 100",
            "tmapi.retry.503.multiplier, 0.5, a number from 1 to 10",
            "delivery.retry-seconds, 0, a whole number from 1 to 86400",
            "smtp.port, 70000, a whole number from 1 to 65535"})
    void givenAValueThatCannotWork_whenChecked_thenOneLineNamingKeyValueAndWhatIsAllowed(String key, String value,
                                                                                      String allowed) {
        assertThat(problem(key, value)).contains(key + " = " + value + " is not allowed: it takes " + allowed);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"tmapi.max-concurrency, 1", "tmapi.max-concurrency, 100", "tmapi.max-concurrency, 3.0",
            "tmapi.retry.500.max-retries, 0", "tmapi.retry.503.multiplier, 1.5",
            "tmapi.max-concurrency, '{{env:MAX_CONCURRENCY:3}}'"})
    void givenAValueAtItsBoundsOrAnotherKey_whenChecked_thenAccepted(String key, String value) {
        assertThat(problem(key, value)).isEmpty();
    }

    @Test
    void givenTheShippedConfiguration_whenChecked_thenEveryNumberIsAllowed() throws Exception {
        java.util.Properties shipped = new java.util.Properties();
        try (var in = Files.newBufferedReader(Path.of("config/application.properties"))) {
            shipped.load(in);
        }
        assertThat(NumberKeys.problem(key -> Optional.ofNullable(shipped.getProperty(key)))).isEmpty();
    }

    /** What the program prints when it is started with this configuration file and these -D options and stops. */
    private String startUp(String config, String... options) throws Exception {
        Path output = work.resolve("console.txt");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(options));
        command.addAll(List.of(TmapiRoutesMain.class.getName(), "--config", config));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("TMAPI_") || k.equals("DATA_DIR"));
        builder.environment().putAll(Map.of("TMAPI_API_TOKEN", "t", "DATA_DIR", work.resolve("data").toString()));
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String console = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(console).isEqualTo(TmapiRoutesMain.EXIT_CONFIGURATION);
            return console;
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void givenANegativeConcurrency_whenTheProgramIsStarted_thenItExitsWithStatus2AndOneLine() throws Exception {
        String console = startUp("config/application.properties", "-Dtmapi.max-concurrency=-1");

        assertThat(console.lines()).as(console).containsExactly("tmapi-routes: tmapi.max-concurrency = -1 is not"
                + " allowed: it takes a whole number from 1 to 100; set it in config/application.properties or"
                + " with -Dkey=value.");
    }

    @Test
    void givenAConfigurationFileWithABrokenEscape_whenTheProgramIsStarted_thenItExitsWithStatus2AndOneLineNamingTheLine()
            throws Exception {
        Path config = work.resolve("application.properties");
        Files.writeString(config, Files.readString(Path.of("config/application.properties"))
                + "\n# a recipient pasted with a broken escape\nreport.to = buyer\\uZZ@example.com\n");

        String console = startUp(config.toString());

        long line = Files.readString(config).lines().count();
        assertThat(console.lines()).as(console).containsExactly("tmapi-routes: " + config + " line " + line
                + " cannot be read: \"report.to = buyer\\uZZ@example.com\" holds \\u without four hex digits"
                + " after it (a Unicode escape such as \\u4E2D); write \\\\ for a backslash.");
    }
}
