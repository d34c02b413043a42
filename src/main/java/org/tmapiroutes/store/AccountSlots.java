package org.tmapiroutes.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The TMAPI account's slots, shared by every instance on one PostgreSQL store: a request in flight holds one slot, a
 * transaction-level advisory lock ({@code pg_advisory_xact_lock(NAMESPACE, slot)}) on a connection of its own, so the
 * instances together never have more requests in flight than there are slots. The lock ends with the transaction, so a
 * connection given back to the pool never keeps one, and PostgreSQL frees it when the instance or its connection dies.
 */
public final class AccountSlots implements AutoCloseable {

    /** The first key of every slot's lock, apart from any other advisory lock in the database: "tmap". */
    public static final int NAMESPACE = 0x746d6170;
    /** The application name of the slots' connections, as {@code pg_stat_activity} shows it. */
    public static final String APPLICATION_NAME = "tmapi-account-slots";
    /** PostgreSQL's SQLState when {@code lock_timeout} ran out. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /** The first free slot from {@code preferred} on, locked at once; none when every slot below the limit is held. */
    private static final String TRY_EACH = "select (? + i) % ? from generate_series(0, ? - 1) as i"
            + " where pg_try_advisory_xact_lock(?, (? + i) % ?) limit 1";

    /** One slot held for one request; closing it ends its transaction, which frees the slot. */
    public static final class Slot implements AutoCloseable {

        private final Connection connection;
        private final int number;

        private Slot(Connection connection, int number) {
            this.connection = connection;
            this.number = number;
        }

        /** Which slot: 0 up to the limit less one. */
        public int number() {
            return number;
        }

        @Override
        public void close() {
            try {
                connection.rollback();
            } catch (SQLException e) {
                // the connection is lost, and its session with the lock: the slot is free all the same
            } finally {
                closeQuietly(connection);
            }
        }
    }

    private final HikariDataSource pool;

    /**
     * Opens the slots' own pool: one connection per slot and one spare, each held for a whole request, so that they
     * never wait behind the store's other work.
     */
    AccountSlots(HikariDataSource store, int slots) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(APPLICATION_NAME);
        config.setJdbcUrl(store.getJdbcUrl());
        config.setUsername(store.getUsername());
        config.setPassword(store.getPassword());
        config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
        // no statement here runs longer than a lock wait; a database gone silent is noticed within this
        config.addDataSourceProperty("socketTimeout", "10");
        // a request holds its transaction open for as long as TMAPI takes to answer: no server setting may end it; and
        // the server notices within about 25 s an instance whose machine vanished (power cut, lost network), which
        // sends no close, and frees its slots (TCP keepalives: its default is 2 hours)
        config.setConnectionInitSql("set idle_in_transaction_session_timeout = 0; set tcp_keepalives_idle = 10;"
                + " set tcp_keepalives_interval = 5; set tcp_keepalives_count = 3");
        config.setAutoCommit(false);
        config.setMaximumPoolSize(slots + 1);
        config.setMinimumIdle(slots + 1);
        // a database that cannot be reached is told within a second: the request then waits, and looks again
        config.setConnectionTimeout(1000);
        config.setValidationTimeout(500);
        config.setInitializationFailTimeout(-1);
        pool = new HikariDataSource(config);
    }

    /**
     * Takes a slot below {@code limit}: the first free one from {@code preferred} on, or else, when every one is held,
     * waits up to {@code patience} for slot {@code preferred} (a waiter on each slot is handed it the moment its holder
     * lets go, with no polling).
     *
     * @param preferred where to start, and which slot to wait for: callers waiting at once ask for different ones
     * @return empty when no slot was freed within {@code patience}
     * @throws StateStoreException when the database cannot be reached
     */
    public Optional<Slot> take(int limit, int preferred, Duration patience) {
        int start = Math.floorMod(preferred, limit);
        Connection connection = null;
        try {
            connection = pool.getConnection();
            try (PreparedStatement each = connection.prepareStatement(TRY_EACH)) {
                each.setInt(1, start);
                each.setInt(2, limit);
                each.setInt(3, limit);
                each.setInt(4, NAMESPACE);
                each.setInt(5, start);
                each.setInt(6, limit);
                try (ResultSet free = each.executeQuery()) {
                    if (free.next()) {
                        return Optional.of(new Slot(connection, free.getInt(1)));
                    }
                }
            }
            try (Statement timeout = connection.createStatement()) {
                timeout.execute("set local lock_timeout = " + Math.max(1, patience.toMillis()));
            }
            try (PreparedStatement wait = connection.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
                wait.setInt(1, NAMESPACE);
                wait.setInt(2, start);
                wait.execute();
            }
            return Optional.of(new Slot(connection, start));
        } catch (SQLException e) {
            if (connection != null) {
                rollbackQuietly(connection);
                closeQuietly(connection);
            }
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw new StateStoreException("the state store cannot be used: " + e.getMessage(), e);
        }
    }

    /** Closes the pool; a slot still held is freed as its connection closes. */
    @Override
    public void close() {
        pool.close();
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // lost with its connection, which Hikari drops
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing left to free
        }
    }
}
