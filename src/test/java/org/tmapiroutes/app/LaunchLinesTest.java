package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every way the README and the distribution start the product ends a JVM that ran out of memory; the scripts map the
 * class archive made with the jar.
 */
class LaunchLinesTest {

    private static final String FLAG = "-XX:+ExitOnOutOfMemoryError";

    @Test
    void givenTheReadmeAndTheLaunchScripts_whenTheyStartTheJar_thenEachEndsTheJvmOnOutOfMemory() throws Exception {
        List<String> launches = Stream.of(Path.of("README.md"), Path.of("src/dist/bin/tmapi-routes"),
                        Path.of("src/dist/bin/tmapi-routes.bat"))
                .flatMap(file -> RunningBundle.read(file).lines())
                // a line that starts Java (a command may go on over the next lines), not one asking its version
                .filter(line -> line.matches(".*(\\bjava|JAVA_EXE%\"|java_cmd\") -.*") && !line.contains("-version"))
                .toList();
        assertThat(launches).hasSizeGreaterThanOrEqualTo(9).allSatisfy(line -> assertThat(line).contains(FLAG));
        assertThat(Files.readString(Path.of("src/dist/bin/tmapi-routes"))).contains("exec \"$java_cmd\" " + FLAG);
    }

    @Test
    void givenTheLaunchScripts_whenTheyStartTheJar_thenTheyMapTheClassArchiveAndSayNothingWhenItCannotBeUsed() {
        String archive = "-XX:SharedArchiveFile=tmapi-routes.jsa -Xshare:auto -Xlog:cds=off,cds+dynamic=off";
        Map<Path, String> userOptions = Map.of(Path.of("src/dist/bin/tmapi-routes"), "$JAVA_OPTS",
                Path.of("src/dist/bin/tmapi-routes.bat"), "%JAVA_OPTS%");
        userOptions.forEach((script, options) -> {
            String text = RunningBundle.read(script);
            // before the user's options, so that their -Xshare:off or own archive wins
            assertThat(text).as(script.toString()).contains(archive);
            assertThat(text.indexOf(archive)).as(script.toString()).isLessThan(text.indexOf(options));
            // a small first heap keeps an idle program small; the user's -Xms wins
            assertThat(text.indexOf("-Xms16m")).as(script + ": -Xms16m before " + options).isPositive()
                    .isLessThan(text.indexOf(options));
        });
    }
}
