package org.tmapiroutes.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.tmapiroutes.item.KeptRecords;

/**
 * The enrichment steps' purchases in the state store (table {@code tmapi_kept_record}), so they survive a restart and
 * are shared by every instance using the same database. Numbers come back as they went in (decimals exact).
 */
public final class JdbcKeptRecords implements KeptRecords {

    /** A record dated this far ahead of the clock is not trusted (another instance's clock may run fast). */
    private static final long AHEAD_SECONDS = 60;
    /** Longer than any keep time allowed: what is older is of no use to any step and is dropped. */
    static final Duration FORGOTTEN_AFTER = Duration.ofDays(31);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final DataSource dataSource;

    public JdbcKeptRecords(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Map<String, Object>> find(Kind kind, String key, Duration keptFor, Instant now) {
        String content = Transactions.run(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select content from tmapi_kept_record"
                    + " where kind = ? and record_key = ? and kept_at > ? and kept_at <= ?")) {
                select.setString(1, kind.value());
                select.setString(2, key);
                select.setObject(3, utc(now.minus(keptFor)));
                select.setObject(4, utc(now.plusSeconds(AHEAD_SECONDS)));
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        });
        return Optional.ofNullable(content).map(JdbcKeptRecords::read);
    }

    @Override
    public void keep(Kind kind, String key, Map<String, Object> values, Instant at) {
        String content = write(values);
        Transactions.upsert(dataSource, connection -> {
            int updated;
            try (PreparedStatement update = connection.prepareStatement("update tmapi_kept_record"
                    + " set content = ?, kept_at = ? where kind = ? and record_key = ?")) {
                update.setString(1, content);
                update.setObject(2, utc(at));
                update.setString(3, kind.value());
                update.setString(4, key);
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = connection.prepareStatement("insert into tmapi_kept_record"
                        + " (kind, record_key, content, kept_at) values (?, ?, ?, ?)")) {
                    insert.setString(1, kind.value());
                    insert.setString(2, key);
                    insert.setString(3, content);
                    insert.setObject(4, utc(at));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from tmapi_kept_record where kept_at <= ?")) {
                delete.setObject(1, utc(at.minus(FORGOTTEN_AFTER)));
                delete.executeUpdate();
            }
            return null;
        });
    }

    private static Map<String, Object> read(String content) {
        try {
            return JSON.readValue(content, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Map<String, Object> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
