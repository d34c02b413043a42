package org.tmapiroutes.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tmapiroutes.app.simulator.Fault;
import org.tmapiroutes.app.simulator.TmapiSimulator;
import org.tmapiroutes.store.RealPostgres;

/**
 * On PostgreSQL, a TMAPI error that echoes the request, token and all, is recorded without the token: every text
 * column the product wrote is read back, in both auth modes.
 */
class PostgresSecrecyTest {

    @RegisterExtension
    static final RealPostgres POSTGRES = new RealPostgres();

    private static final String ECHOED_TOKEN = "tok/7Qx+echo=secret%value";

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"query", "header"})
    void givenTmapiEchoingTheRequestInItsError_whenTheQueryFailsOnPostgres_thenNoTextColumnHoldsAnyFormOfTheToken(
            String auth) throws Exception {
        String url = POSTGRES.newDatabase();
        try (TmapiSimulator simulator = new TmapiSimulator(ECHOED_TOKEN).start();
                RunningBundle bundle = RunningBundle.start(dataDir, Path.of("routes"),
                        Path.of("config", "application.properties"),
                        Map.of("tmapi.api-token", ECHOED_TOKEN, "tmapi.auth", auth, "state.jdbc-url", url,
                                "state.username", POSTGRES.username(), "state.password", POSTGRES.password()),
                        simulator)) {
            simulator.failAlways("category-items", "222", Fault.echo());

            bundle.drop("category-items", "echo.csv", "cat_id\n111\n222\n");
            bundle.awaitArchived("category-items", "echo.csv");
        }

        List<String> texts = textColumns(url);
        assertThat(texts).as("the echoed failure was recorded, scrubbed")
                .anyMatch(t -> t.contains("Request: GET /1688/category/items") && t.contains("token: ****"));
        for (String form : TokenSecrecyTest.forms(ECHOED_TOKEN)) {
            assertThat(texts).as("no column holds " + form).noneMatch(t -> t.contains(form));
        }
    }

    /** Every value of every text, JSON or binary column of the product's tables, as text. */
    private static List<String> textColumns(String url) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(url, POSTGRES.username(), POSTGRES.password());
                Statement columns = db.createStatement();
                ResultSet column = columns.executeQuery("select table_schema, table_name, column_name, data_type"
                        + " from information_schema.columns where table_schema not in ('pg_catalog',"
                        + " 'information_schema') and data_type in ('text', 'character varying', 'character', 'json',"
                        + " 'jsonb', 'bytea')")) {
            while (column.next()) {
                String name = "\"" + column.getString(3) + "\"";
                // a binary column's bytes as readable as they are, so a token in them is found as text
                String value = "bytea".equals(column.getString(4)) ? "encode(" + name + ", 'escape')" : name + "::text";
                String sql = "select " + value + " from \"" + column.getString(1) + "\".\""
                        + column.getString(2) + "\"";
                try (Statement read = db.createStatement(); ResultSet rows = read.executeQuery(sql)) {
                    while (rows.next()) {
                        if (rows.getString(1) != null) {
                            values.add(rows.getString(1));
                        }
                    }
                }
            }
        }
        assertThat(values).as("the product wrote its tables").isNotEmpty();
        return values;
    }
}
