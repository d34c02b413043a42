package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What the reload's log line says of a saved key is true: every key the program injects into its beans once, at start,
 * is said to apply at the next start, and the README lists the same keys.
 */
class SavedSettingsTest {

    private static final Pattern INJECTED = Pattern.compile("@PropertyInject\\(\\s*(?:value\\s*=\\s*)?\"([a-z0-9.-]+)\"");

    @Test
    void givenTheKeysBeansReadAtStart_whenTheyAreSaved_thenTheReloadSaysTheyApplyAtTheNextStart() throws IOException {
        Set<String> injected = new LinkedHashSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher key = INJECTED.matcher(Files.readString(source));
                while (key.find()) {
                    injected.add(key.group(1));
                }
            }
        }
        assertThat(injected).as("keys injected at start").hasSizeGreaterThan(15)
                .allSatisfy(key -> assertThat(SavedSettings.readAtStart(key)).as(key).isTrue());
    }

    @Test
    void givenTheReadme_whenItNamesTheKeysReadAtStart_thenItNamesExactlyThoseTheReloadDoes() {
        String readme = RunningBundle.read(Path.of("README.md")).replaceAll("\\s+", " ");
        Matcher sentence = Pattern.compile("Keys the program reads at start \\((.*?)\\) apply at the next start")
                .matcher(readme);
        assertThat(sentence.find()).as("the README's sentence on keys read at start").isTrue();
        List<String> named = Pattern.compile("`([^`]+)`").matcher(sentence.group(1)).results()
                .map(m -> m.group(1).replace("*", "")).toList();
        assertThat(named).containsExactlyElementsOf(SavedSettings.READ_AT_START);
    }

    @Test
    void givenASavedFile_whenAKeyReadAtStartAndALiveKeyChange_thenTheLineSaysWhichAppliesWhen(
            @org.junit.jupiter.api.io.TempDir Path folder) throws IOException {
        Path file = folder.resolve("application.properties");
        Files.writeString(file, "job.max-calls = 0\nreport.category.cron = 0 0 8 * * ?\n");
        SavedSettings settings = new SavedSettings(file);
        Files.writeString(file, "job.max-calls = 50\nreport.category.cron = 0 0 9 * * ?\n");
        assertThat(settings.changes()).contains("report.category.cron changed")
                .contains("job.max-calls changed and applies at the next start");
    }
}
