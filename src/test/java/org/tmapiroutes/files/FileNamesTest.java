package org.tmapiroutes.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileNamesTest {

    @Test
    void givenHostileNames_whenSanitised_thenSafeButReadable() {
        assertThat(FileNames.sanitise("../../etc/passwd")).isEqualTo("__.._etc_passwd");
        assertThat(FileNames.sanitise("女装 新款 (2).csv")).isEqualTo("女装_新款__2_.csv");
        assertThat(FileNames.sanitise(".hidden.csv")).isEqualTo("_hidden.csv");
        assertThat(FileNames.sanitise("a\u0000b;rm -rf.txt")).as("control characters removed").isEqualTo("ab_rm_-rf.txt");
        String longName = "a".repeat(240) + ".csv";
        assertThat(FileNames.sanitise(longName)).hasSize(FileNames.LONGEST).endsWith(".csv")
                .isNotEqualTo(FileNames.sanitise("a".repeat(239) + "b.csv"));
        assertThat(FileNames.display("two\nlines.txt")).isEqualTo("twolines.txt");
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

    @Test
    void givenNamesAnotherInstanceHolds_whenFree_thenTheNextNameNoOneHoldsAtOnce(@TempDir Path dir) throws Exception {
        Path processing = Files.createDirectories(dir.resolve(".processing"));
        Files.writeString(processing.resolve("best-2.csv"), "x");
        java.util.Set<String> heldElsewhere = java.util.Set.of("best.csv", "best-3.csv");
        java.util.List<String> asked = new java.util.ArrayList<>();

        String name = FileNames.free("best", ".csv", candidate -> {
            asked.add(candidate);
            return heldElsewhere.contains(candidate);
        }, processing);

        assertThat(name).isEqualTo("best-4.csv");
        assertThat(asked).as("each name asked once, none on disk asked").containsExactly("best.csv", "best-3.csv",
                "best-4.csv");
    }
}
