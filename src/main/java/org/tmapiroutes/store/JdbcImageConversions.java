package org.tmapiroutes.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.sql.DataSource;

import org.tmapiroutes.tmapi.ImageConversions;
import org.tmapiroutes.tmapi.ImageUrlConversion;

/**
 * The image conversions in the state store (table {@code tmapi_image_conversion}), so they survive a restart and are
 * shared by every instance using the same database. Conversions older than 24 hours are dropped when one is kept.
 */
public final class JdbcImageConversions implements ImageConversions {

    /** A conversion dated this far ahead of the clock is not trusted (another instance's clock may run fast). */
    private static final long AHEAD_SECONDS = 60;

    private final DataSource dataSource;

    public JdbcImageConversions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<String> find(String pictureUrl, Instant now) {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select converted_path from"
                    + " tmapi_image_conversion where picture_url = ? and converted_at > ? and converted_at <= ?")) {
                select.setString(1, pictureUrl);
                select.setObject(2, utc(now.minus(ImageUrlConversion.KEPT)));
                select.setObject(3, utc(now.plusSeconds(AHEAD_SECONDS)));
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void keep(String pictureUrl, String convertedPath, Instant at) {
        Transactions.upsert(dataSource, connection -> {
            int updated;
            try (PreparedStatement update = connection.prepareStatement("update tmapi_image_conversion"
                    + " set converted_path = ?, converted_at = ? where picture_url = ?")) {
                update.setString(1, convertedPath);
                update.setObject(2, utc(at));
                update.setString(3, pictureUrl);
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = connection.prepareStatement("insert into tmapi_image_conversion"
                        + " (picture_url, converted_path, converted_at) values (?, ?, ?)")) {
                    insert.setString(1, pictureUrl);
                    insert.setString(2, convertedPath);
                    insert.setObject(3, utc(at));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from tmapi_image_conversion where converted_at <= ?")) {
                delete.setObject(1, utc(at.minus(ImageUrlConversion.KEPT)));
                delete.executeUpdate();
            }
            return null;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
