package org.tmapiroutes.store;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances sharing the state store, and this one among them: each says it is alive every few seconds
 * ({@link #heartbeat()}); one that has not said so for {@code instance.takeover-seconds} is dead, and what it owned
 * (its jobs) may be taken over. Times are the database's, so instances on machines whose clocks differ agree.
 *
 * <p>The embedded store serves one process at a time (it locks its file), so there every other instance recorded is an
 * earlier start of this one, dead by construction: {@link #join()} forgets them at once.
 */
public final class Instances {

    private static final Logger LOG = LoggerFactory.getLogger(Instances.class);

    private final DataSource dataSource;
    private final String id;
    private final Duration takeover;
    private final boolean shared;
    /** Why the last heartbeat could not be written, or null when it was. */
    private volatile String writeProblem;
    /** When the last heartbeat was written (System.nanoTime), or 0 before the first. */
    private volatile long lastBeat;

    Instances(DataSource dataSource, String id, Duration takeover, boolean shared) {
        if (takeover.toSeconds() < 10) {
            throw new IllegalArgumentException("instance.takeover-seconds must be 10 or more, was "
                    + takeover.toSeconds());
        }
        this.dataSource = dataSource;
        this.id = id;
        this.takeover = takeover;
        this.shared = shared;
    }

    /** {@code instance.id}: names this instance in logs, metrics and the store. */
    public String id() {
        return id;
    }

    /**
     * How often this instance says it is alive, and how often the others look for what a dead one left: a tenth of the
     * takeover time.
     */
    public Duration heartbeatInterval() {
        return takeover.dividedBy(10);
    }

    /**
     * How long an instance may stay silent before it is taken for dead: the takeover time less two beats, so that
     * what it owned is taken over within the takeover time of its last beat, the others looking every beat.
     */
    public Duration silence() {
        return takeover.minus(heartbeatInterval().multipliedBy(2));
    }

    /** Whether other instances may share the store (PostgreSQL), or this is the only one (embedded). */
    public boolean shared() {
        return shared;
    }

    /** At start: this instance is recorded as alive; on the embedded store, every earlier start is forgotten. */
    public void join() {
        Transactions.run(dataSource, connection -> {
            if (!shared) {
                try (PreparedStatement forget = connection.prepareStatement("delete from tmapi_instance where id <> ?")) {
                    forget.setString(1, id);
                    forget.executeUpdate();
                }
            }
            return null;
        });
        heartbeat();
    }

    /** Every {@link #heartbeatInterval()}: this instance is alive. */
    public void heartbeat() {
        // taken before the beat's own time is: the others never see it younger than this instance counts it
        long beginning = System.nanoTime();
        try {
            Transactions.upsert(dataSource, connection -> {
                try (PreparedStatement update = connection.prepareStatement(
                        "update tmapi_instance set heartbeat_at = current_timestamp where id = ?")) {
                    update.setString(1, id);
                    if (update.executeUpdate() == 1) {
                        return null;
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement("insert into tmapi_instance (id,"
                        + " started_at, heartbeat_at) values (?, current_timestamp, current_timestamp)")) {
                    insert.setString(1, id);
                    insert.executeUpdate();
                }
                return null;
            });
            lastBeat = beginning;
            if (writeProblem != null) {
                writeProblem = null;
                LOG.info("instance {} is recorded as alive again in the state store", id);
            }
        } catch (StateStoreException e) {
            if (writeProblem == null) {
                writeProblem = e.getMessage();
                LOG.warn("instance {} cannot say it is alive in the state store ({}); after {} s others take over its"
                        + " jobs", id, e.getMessage(), takeover.toSeconds());
            }
        }
    }

    /**
     * Whether no other instance can have taken this one for dead: alone on the embedded store, or its last heartbeat
     * written less than the silence allowed ago, less a beat to spare (the others judge by the database's clock).
     */
    public boolean surelyAlive() {
        long beat = lastBeat;
        return !shared || (beat != 0
                && System.nanoTime() - beat < silence().minus(heartbeatInterval()).toNanos());
    }

    /** Why this instance's last heartbeat could not be written to the store, or null when it was. */
    String writeProblem() {
        return writeProblem;
    }

    /** At a clean stop: this instance leaves, and its unfinished jobs are free for the others at once. */
    public void leave() {
        try {
            Transactions.run(dataSource, connection -> {
                try (PreparedStatement release = connection.prepareStatement(
                        "update tmapi_job set owner = null, version = version + 1 where owner = ?")) {
                    release.setString(1, id);
                    release.executeUpdate();
                }
                try (PreparedStatement delete = connection.prepareStatement("delete from tmapi_instance where id = ?")) {
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
                return null;
            });
        } catch (StateStoreException e) {
            LOG.warn("instance {} could not sign off in the state store ({}); others take over its jobs after {} s",
                    id, e.getMessage(), takeover.toSeconds());
        }
    }

    /** The instances alive now (this one included), by id. */
    public List<String> alive() {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select id from tmapi_instance where "
                    + ALIVE_SINCE + " order by id")) {
                select.setLong(1, silence().toSeconds());
                List<String> ids = new ArrayList<>();
                try (var rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    /**
     * The condition on {@code tmapi_instance} that it is alive, taking the takeover time in seconds as its one
     * parameter; the same SQL on PostgreSQL and H2.
     */
    static final String ALIVE_SINCE = "heartbeat_at >= current_timestamp - (cast(? as integer) * interval '1' second)";
}
