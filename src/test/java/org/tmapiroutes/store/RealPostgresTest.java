package org.tmapiroutes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test PostgreSQL: where its binaries are found, what a machine without them is told, and a real start. */
class RealPostgresTest {

    @TempDir
    Path folder;

    @Test
    void givenNoPostgresqlInstalled_whenItsBinariesAreLookedFor_thenTheTestFailsSayingWhatToInstall() throws Exception {
        // a client-only version: psql and pg_isready, no server
        executable(folder.resolve("16/bin/pg_isready"));

        assertThatThrownBy(() -> RealPostgres.binaries(null, folder)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apt-get install postgresql").hasMessageContaining(RealPostgres.BIN_VARIABLE);
        assertThatThrownBy(() -> RealPostgres.binaries("", folder.resolve("none")))
                .hasMessageContaining("apt-get install postgresql");
        assertThatThrownBy(() -> RealPostgres.binaries(folder.toString(), folder))
                .hasMessageContaining(RealPostgres.BIN_VARIABLE + "=" + folder);
    }

    @Test
    void givenTwoServerVersionsAndAClientOnlyOne_whenLookedFor_thenTheNewestServerIsUsed() throws Exception {
        for (String version : new String[] {"13", "15"}) {
            for (String name : new String[] {"initdb", "postgres", "pg_ctl", "pg_isready"}) {
                executable(folder.resolve(version + "/bin/" + name));
            }
        }
        executable(folder.resolve("16/bin/pg_isready"));

        assertThat(RealPostgres.binaries(null, folder)).isEqualTo(folder.resolve("15/bin"));
        assertThat(RealPostgres.binaries(folder.resolve("13/bin").toString(), folder))
                .isEqualTo(folder.resolve("13/bin"));
    }

    @Test
    void givenTheServerStarted_whenTheTestUserConnects_thenOnlyWithItsPasswordAndTheFolderGoesAfterwards()
            throws Exception {
        Path serverFolder;
        try (RealPostgres postgres = RealPostgres.start()) {
            String url = postgres.jdbcUrl(postgres.username());
            try (var connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
                    var row = connection.createStatement().executeQuery("select current_user, version()")) {
                row.next();
                assertThat(row.getString(1)).isEqualTo(postgres.username());
                assertThat(row.getString(2)).startsWith("PostgreSQL ");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(url, postgres.username(), "not-the-password"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            serverFolder = postgres.folder();
            assertThat(serverFolder).isDirectory();
        }
        assertThat(serverFolder).doesNotExist();
    }

    private static void executable(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
}
