package org.tmapiroutes.store;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Runs work on the state store in one transaction, committed whole or not at all, its failures in the user's words. */
public final class Transactions {

    /** PostgreSQL's (and H2's) SQLState for a key inserted twice. */
    private static final String DUPLICATE_KEY = "23505";

    private Transactions() {
    }

    /** A unit of work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs the work in one transaction.
     *
     * @throws StateStoreException when the database refuses it; the transaction is rolled back
     */
    public static <T> T run(DataSource dataSource, Work<T> work) {
        try {
            return attempt(dataSource, work);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Runs work that updates a row or inserts it when there is none; when another writer (a thread, or an instance
     * sharing the database) inserted the same key in between, it runs once more and then finds the row to update.
     */
    public static <T> T upsert(DataSource dataSource, Work<T> work) {
        try {
            return attempt(dataSource, work);
        } catch (SQLException e) {
            if (!duplicateKey(e)) {
                throw failed(e);
            }
        }
        return run(dataSource, work);
    }

    /**
     * Runs work that inserts a row, in one transaction; whether it did: false when another writer holds the key
     * already (the transaction is rolled back, and the caller may try something else in a new one).
     */
    public static boolean inserted(DataSource dataSource, Work<?> work) {
        try {
            attempt(dataSource, work);
            return true;
        } catch (SQLException e) {
            if (duplicateKey(e)) {
                return false;
            }
            throw failed(e);
        }
    }

    private static <T> T attempt(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailed) {
                    // the database that refused the work refuses its rollback too: the work's failure says why
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            }
        }
    }

    /** A batch may report the statement that failed as the next exception rather than itself. */
    private static boolean duplicateKey(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if (DUPLICATE_KEY.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static StateStoreException failed(SQLException e) {
        return new StateStoreException("the state store cannot be used: " + e.getMessage(), e);
    }
}
