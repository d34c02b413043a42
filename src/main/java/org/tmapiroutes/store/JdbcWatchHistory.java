package org.tmapiroutes.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.tmapiroutes.item.WatchHistory;

/**
 * The watch runs' record in the state store (tables {@code tmapi_watch_item}, {@code tmapi_watch_sku},
 * {@code tmapi_watch_history}), shared by every instance using the same database. Prices are kept as TMAPI gave them.
 */
public final class JdbcWatchHistory implements WatchHistory {

    /** Items asked about in one statement. */
    private static final int CHUNK = 500;

    private final DataSource dataSource;

    public JdbcWatchHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Map<String, Item> items(Collection<String> itemIds) {
        List<String> ids = List.copyOf(itemIds);
        Map<String, Item> items = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            items.putAll(Transactions.run(dataSource, connection -> items(connection, chunk)));
        }
        return items;
    }

    private static Map<String, Item> items(Connection connection, List<String> ids) throws SQLException {
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        Map<String, Map<String, Sku>> skus = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("select item_id, sku_id, sku_name,"
                + " reference_price, last_price, last_stock, stock_state, target_reached, gone from tmapi_watch_sku"
                + " where item_id in (" + marks + ") order by item_id, sku_id")) {
            bind(select, ids);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String state = row.getString(7);
                    skus.computeIfAbsent(row.getString(1), id -> new LinkedHashMap<>()).put(row.getString(2),
                            new Sku(row.getString(2), row.getString(3), decimal(row.getString(4)),
                                    decimal(row.getString(5)), longOrNull(row, 6),
                                    state == null ? null : Stock.valueOf(state.toUpperCase(Locale.ROOT)),
                                    row.getBoolean(8), row.getBoolean(9)));
                }
            }
        }
        Map<String, Item> items = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("select item_id, title, product_url, image_url,"
                + " failed_runs, unavailable from tmapi_watch_item where item_id in (" + marks + ")")) {
            bind(select, ids);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    String id = row.getString(1);
                    items.put(id, new Item(id, row.getString(2), row.getString(3), row.getString(4), row.getInt(5),
                            row.getBoolean(6), skus.getOrDefault(id, Map.of())));
                }
            }
        }
        return items;
    }

    /** Each item's rows replaced by its new state, in item order (no two writers lock rows in another order). */
    @Override
    public void record(Collection<Item> items, Collection<Point> points) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(java.util.Comparator.comparing(Item::itemId));
        Transactions.run(dataSource, connection -> {
            try (PreparedStatement deleteSkus = connection.prepareStatement(
                    "delete from tmapi_watch_sku where item_id = ?");
                    PreparedStatement deleteItem = connection.prepareStatement(
                            "delete from tmapi_watch_item where item_id = ?")) {
                for (Item item : sorted) {
                    deleteSkus.setString(1, item.itemId());
                    deleteSkus.addBatch();
                    deleteItem.setString(1, item.itemId());
                    deleteItem.addBatch();
                }
                deleteSkus.executeBatch();
                deleteItem.executeBatch();
            }
            try (PreparedStatement insertItem = connection.prepareStatement("insert into tmapi_watch_item (item_id,"
                    + " title, product_url, image_url, failed_runs, unavailable, checked_at) values (?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement insertSku = connection.prepareStatement("insert into tmapi_watch_sku (item_id,"
                            + " sku_id, sku_name, reference_price, last_price, last_stock, stock_state, target_reached,"
                            + " gone) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Item item : sorted) {
                    insertItem.setString(1, item.itemId());
                    insertItem.setString(2, cut(item.title()));
                    insertItem.setString(3, cut(item.productUrl()));
                    insertItem.setString(4, cut(item.imageUrl()));
                    insertItem.setInt(5, item.failedRuns());
                    insertItem.setBoolean(6, item.unavailable());
                    insertItem.setObject(7, now);
                    insertItem.addBatch();
                    for (Sku sku : item.skus().values()) {
                        insertSku.setString(1, item.itemId());
                        insertSku.setString(2, sku.skuId());
                        insertSku.setString(3, cut(sku.skuName()));
                        insertSku.setString(4, text(sku.referencePrice()));
                        insertSku.setString(5, text(sku.lastPrice()));
                        setLong(insertSku, 6, sku.lastStock());
                        insertSku.setString(7, sku.stock() == null ? null : sku.stock().name().toLowerCase(Locale.ROOT));
                        insertSku.setBoolean(8, sku.targetReached());
                        insertSku.setBoolean(9, sku.gone());
                        insertSku.addBatch();
                    }
                }
                insertItem.executeBatch();
                insertSku.executeBatch();
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into tmapi_watch_history (item_id,"
                    + " sku_id, checked_at, price, stock) values (?, ?, ?, ?, ?)")) {
                for (Point point : points) {
                    insert.setString(1, point.itemId());
                    insert.setString(2, point.skuId());
                    insert.setObject(3, OffsetDateTime.ofInstant(point.checkedAt(), ZoneOffset.UTC));
                    insert.setString(4, text(point.price()));
                    setLong(insert, 5, point.stock());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<Point> history(String itemId, Instant since) {
        return Transactions.run(dataSource, connection -> {
            List<Point> points = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select sku_id, checked_at, price, stock"
                    + " from tmapi_watch_history where item_id = ? and checked_at >= ? order by checked_at, sku_id")) {
                select.setString(1, itemId);
                select.setObject(2, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        points.add(new Point(itemId, row.getString(1),
                                row.getObject(2, OffsetDateTime.class).toInstant(), decimal(row.getString(3)),
                                longOrNull(row, 4)));
                    }
                }
            }
            return points;
        });
    }

    @Override
    public List<String> itemIds() {
        return Transactions.run(dataSource, connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select item_id from tmapi_watch_item order by item_id");
                    ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getString(1));
                }
            }
            return ids;
        });
    }

    @Override
    public int forget(Instant before) {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from tmapi_watch_history where checked_at < ?")) {
                delete.setObject(1, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
                return delete.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement statement, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setString(i + 1, values.get(i));
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static Long longOrNull(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static String text(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    private static BigDecimal decimal(String text) {
        return text == null ? null : new BigDecimal(text);
    }

    /** Texts longer than their column (a title, a link) are cut rather than refused: the state is what matters. */
    private static String cut(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }
}
