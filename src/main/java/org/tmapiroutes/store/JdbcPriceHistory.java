package org.tmapiroutes.store;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.tmapiroutes.item.PriceHistory;

/**
 * The price history in the state store (table {@code tmapi_price}), shared by every instance using the same database.
 * Prices are kept as TMAPI gave them: {@code 12.50} comes back as {@code 12.50}.
 */
public final class JdbcPriceHistory implements PriceHistory {

    private final DataSource dataSource;

    public JdbcPriceHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<BigDecimal> lastPrice(String key) {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select price from tmapi_price where price_key = ?")) {
                select.setString(1, key);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new BigDecimal(row.getString(1))) : Optional.empty();
                }
            }
        });
    }

    /**
     * Records the run's prices in one transaction: each key updated, or inserted when it is new. Keys go in their
     * order, so that writers sharing the database (instances, threads) lock the same rows in the same order and never
     * deadlock: PostgreSQL would abort one of them.
     */
    @Override
    public void record(Map<String, BigDecimal> prices) {
        if (prices.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        Transactions.upsert(dataSource, connection -> {
            List<Map.Entry<String, BigDecimal>> entries = new ArrayList<>(new TreeMap<>(prices).entrySet());
            int[] updated;
            try (PreparedStatement update = connection.prepareStatement(
                    "update tmapi_price set price = ?, recorded_at = ? where price_key = ?")) {
                for (Map.Entry<String, BigDecimal> entry : entries) {
                    update.setString(1, entry.getValue().toPlainString());
                    update.setObject(2, now);
                    update.setString(3, entry.getKey());
                    update.addBatch();
                }
                updated = update.executeBatch();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into tmapi_price (price_key, price, recorded_at) values (?, ?, ?)")) {
                for (int i = 0; i < entries.size(); i++) {
                    // both drivers count the rows of each statement of a batch: 0 means a key not recorded yet
                    if (updated[i] == 0) {
                        insert.setString(1, entries.get(i).getKey());
                        insert.setString(2, entries.get(i).getValue().toPlainString());
                        insert.setObject(3, now);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            return null;
        });
    }
}
