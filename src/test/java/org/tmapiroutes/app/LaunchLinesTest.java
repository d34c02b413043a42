package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every way the README and the distribution start the product ends a JVM that ran out of memory. */
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
}
