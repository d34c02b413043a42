package org.tmapiroutes.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The TMAPI account's row that the instances sharing a PostgreSQL store read and write ({@code tmapi_account}): the
 * concurrency limit in force after 503 answers, and the pause after a 439 (until when, and which instance saw it).
 * Each change is one short transaction, so that two instances changing it at once both count.
 */
public final class SharedAccount {

    /** The row as it stands: the limit (never above this instance's {@code tmapi.max-concurrency}) and the pause. */
    public record State(int limit, Optional<Instant> pausedUntil, Optional<String> pausedBy) {
    }

    private final DataSource dataSource;
    private final int maxConcurrency;
    private final int successesToRaise;

    public SharedAccount(DataSource dataSource, int maxConcurrency, int successesToRaise) {
        this.dataSource = dataSource;
        this.maxConcurrency = maxConcurrency;
        this.successesToRaise = Math.max(1, successesToRaise);
    }

    /** The row now. */
    public State read() {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select least(coalesce(concurrency_limit, ?),"
                    + " ?), paused_until, paused_by from tmapi_account where id = 1")) {
                select.setInt(1, maxConcurrency);
                select.setInt(2, maxConcurrency);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    Timestamp until = row.getTimestamp(2);
                    return new State(row.getInt(1), Optional.ofNullable(until).map(Timestamp::toInstant),
                            Optional.ofNullable(row.getString(3)));
                }
            }
        });
    }

    /** A 503: the limit halves (never below 1); returns the limit now in force. */
    public int lowered() {
        // back at the maximum the column is null again, so that a later change of tmapi.max-concurrency holds at once
        return change("update tmapi_account set concurrency_limit = nullif(greatest(1, least(coalesce("
                + "concurrency_limit, ?), ?) / 2), ?), successes = 0 where id = 1", maxConcurrency, maxConcurrency,
                maxConcurrency);
    }

    /**
     * A success while the limit is lowered: counted, and after {@code tmapi.concurrency.raise-after-successes} of them
     * the limit climbs by one; at the maximum nothing is written. Returns the limit now in force.
     */
    public int succeeded() {
        return change("update tmapi_account set"
                + " concurrency_limit = case when successes + 1 >= ? then nullif(concurrency_limit + 1, ?)"
                + " else concurrency_limit end,"
                + " successes = case when successes + 1 >= ? then 0 else successes + 1 end"
                + " where id = 1 and concurrency_limit < ?", successesToRaise, maxConcurrency, successesToRaise,
                maxConcurrency);
    }

    /**
     * A 439 seen by {@code instance}: the account is paused until then.
     *
     * @return {@code true} when this starts the pause, {@code false} when the account was paused already (by this
     *         instance or another), which then stays the one that saw it first
     */
    public boolean paused(Instant until, String instance) {
        return Transactions.run(dataSource, connection -> {
            boolean starts;
            try (PreparedStatement select = connection.prepareStatement(
                    "select paused_until from tmapi_account where id = 1 for update");
                    ResultSet row = select.executeQuery()) {
                row.next();
                starts = row.getTimestamp(1) == null;
            }
            try (PreparedStatement update = connection.prepareStatement("update tmapi_account set paused_until = ?,"
                    + " paused_by = coalesce(paused_by, ?) where id = 1")) {
                update.setTimestamp(1, Timestamp.from(until));
                update.setString(2, instance);
                update.executeUpdate();
            }
            return starts;
        });
    }

    /** The pause is over (a probe succeeded, or an operator resumed): every instance calls TMAPI again. */
    public void resumed() {
        Transactions.run(dataSource, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update tmapi_account set paused_until = null, paused_by = null where id = 1")) {
                update.executeUpdate();
            }
            return null;
        });
    }

    private int change(String update, int... parameters) {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(update)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setInt(i + 1, parameters[i]);
                }
                statement.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "select least(coalesce(concurrency_limit, ?), ?) from tmapi_account where id = 1")) {
                select.setInt(1, maxConcurrency);
                select.setInt(2, maxConcurrency);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getInt(1);
                }
            }
        });
    }
}
