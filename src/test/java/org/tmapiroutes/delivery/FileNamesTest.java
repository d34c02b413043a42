package org.tmapiroutes.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tmapiroutes.files.FileNames;

class FileNamesTest {

    @Test
    void givenHostileNames_whenSanitised_thenSafeButReadable() {
        assertThat(FileNames.sanitise("../../etc/passwd")).isEqualTo("__.._etc_passwd");
        assertThat(FileNames.sanitise("女装 新款 (2).csv")).isEqualTo("女装_新款__2_.csv");
        assertThat(FileNames.sanitise(".hidden.csv")).isEqualTo("_hidden.csv");
        assertThat(FileNames.sanitise("a\u0000b;rm -rf.txt")).isEqualTo("a_b_rm_-rf.txt");
    }

    @Test
    void givenTakenNames_whenFree_thenCounterAdded(@TempDir Path dir) throws Exception {
        Path done = Files.createDirectories(dir.resolve(".done"));
        Path error = Files.createDirectories(dir.resolve(".error"));
        assertThat(FileNames.free("best", ".csv", done, error)).isEqualTo("best.csv");
        Files.writeString(done.resolve("best.csv"), "x");
        Files.writeString(error.resolve("best-2.csv"), "x");

        assertThat(FileNames.free("best", ".csv", done, error)).isEqualTo("best-3.csv");
    }
}
