package org.tmapiroutes.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database the product keeps its state in: jobs and their pages, and the tracking state (items seen, last prices,
 * image conversions). By default an embedded H2 database in {@code <data.dir>/state/} (in its PostgreSQL mode, so the
 * same migrations serve both), created at the first start; {@code state.jdbc-url} names a PostgreSQL database instead.
 * The schema is created and migrated at start by Flyway, from {@code db/migration/} on the class path, and on
 * PostgreSQL also from {@code db/quartz-postgresql/}: the tables of Quartz's clustered job store, which schedules the
 * flows a Quartz cron starts once for all the instances sharing the database.
 */
public final class StateStore implements AutoCloseable {

    /** The embedded database's files, under the data folder: {@code state/tmapi-state.mv.db}. */
    static final String EMBEDDED_NAME = "tmapi-state";
    /** The name the seen items are kept under in Camel's table, apart from any other repository sharing it. */
    public static final String SEEN_ITEMS = "tmapi-seen-items";
    /** Seen items added per transaction by {@link #addSeenItems}. */
    private static final int BATCH = 500;
    /** The migrations every store runs, embedded or PostgreSQL. */
    private static final String MIGRATIONS = "classpath:db/migration";
    /** The migrations only PostgreSQL runs: Quartz's tables (qrtz_*), of no use to the embedded store's instance. */
    private static final String POSTGRESQL_MIGRATIONS = "classpath:db/quartz-postgresql";

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    /** H2's error codes of a database that closed itself (a write failed) and of one shutting down. */
    private static final int H2_DATABASE_CLOSED = 90098;
    private static final int H2_SHUT_DOWN = 90121;
    /** H2's error code of a file it could not read or write: the write that made it close the database. */
    private static final int H2_IO_FAILED = 90028;
    /** How long a look at the store may take before the store is taken for not answering. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);

    private final HikariDataSource dataSource;
    private final Object probeMonitor = new Object();
    private volatile boolean answering = true;
    /** How many looks found the store answering; guarded by the probe's monitor. */
    private long goodLooks;
    /** When the look under way began (System.nanoTime), or 0. */
    private volatile long probeStarted;
    private final String description;
    private final boolean shared;
    private Instances instance;
    private FileClaims fileClaims;
    private final boolean postgres;

    private StateStore(HikariDataSource dataSource, String description, boolean shared, boolean postgres) {
        this.dataSource = dataSource;
        this.description = description;
        this.shared = shared;
        this.postgres = postgres;
    }

    /**
     * Opens the store and brings its schema up to date.
     *
     * @param jdbcUrl  {@code state.jdbc-url}; empty for the embedded database under {@code dataDir/state/}
     * @param username {@code state.username}, for PostgreSQL
     * @param password the database password ({@code STATE_PASSWORD}), never logged
     * @throws StateStoreException in the user's words when the database cannot be opened or migrated
     */
    public static StateStore open(String jdbcUrl, String username, Optional<String> password, Path dataDir) {
        boolean embedded = jdbcUrl == null || jdbcUrl.isBlank();
        boolean postgres = !embedded && jdbcUrl.strip().startsWith("jdbc:postgresql:");
        if (!embedded && !postgres) {
            // the shared store's locks and schedule are PostgreSQL's
            throw new StateStoreException("state.jdbc-url must name a PostgreSQL database (jdbc:postgresql://host:5432/"
                    + "database), or be empty for the embedded one; it is " + withoutSecrets(jdbcUrl.strip()), null);
        }
        Path folder = dataDir.resolve("state").toAbsolutePath();
        HikariConfig config = new HikariConfig();
        config.setPoolName("tmapi-state");
        if (embedded) {
            // one process at a time: H2 locks the file, and a second instance is told to use PostgreSQL
            config.setJdbcUrl("jdbc:h2:file:" + folder.resolve(EMBEDDED_NAME)
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE"
                    // a small page cache: the store must fit beside a job in a small heap
                    + ";CACHE_SIZE=8192"
                    // each commit is on disk when it returns: a page recorded is never lost to a kill or power cut
                    + ";WRITE_DELAY=0"
                    // no trace file of H2's own beside the database: on a full disk it would take back the room freed
                    // with a stack trace per refused statement; the product's log says what went wrong, once
                    + ";TRACE_LEVEL_FILE=0");
            config.setUsername("tmapi");
            config.setPassword("");
        } else {
            config.setJdbcUrl(jdbcUrl.strip());
            if (username != null && !username.isBlank()) {
                config.setUsername(username.strip());
            }
            password.ifPresent(config::setPassword);
        }
        // an embedded database that closed itself (its disk was full) is opened again by a new connection, once
        // there is room. Every connection to the closed one is dropped at the first sign of it, not only the one that
        // saw it: a statement on another such connection can spin inside H2 for ever instead of failing
        AtomicReference<HikariDataSource> pool = new AtomicReference<>();
        config.setExceptionOverride(new SQLExceptionOverride() {
            @java.lang.Override
            public Override adjudicate(SQLException e) {
                if (!closedEmbedded(e)) {
                    return Override.CONTINUE_EVICT;
                }
                HikariDataSource connections = pool.get();
                if (embedded && connections != null && connections.getHikariPoolMXBean() != null) {
                    connections.getHikariPoolMXBean().softEvictConnections();
                }
                return Override.MUST_EVICT;
            }
        });
        config.setMaximumPoolSize(16);
        config.setMinimumIdle(1);
        // a start-up against a database not reachable fails fast, with the reason
        config.setInitializationFailTimeout(10_000);
        config.setConnectionTimeout(10_000);
        String description = embedded ? "embedded database " + folder.resolve(EMBEDDED_NAME + ".mv.db")
                : "database " + withoutSecrets(jdbcUrl.strip());
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
            pool.set(dataSource);
        } catch (RuntimeException e) {
            throw new StateStoreException("the state store (" + description + ") cannot be opened: "
                    + reason(e, embedded), e);
        }
        try {
            String[] locations = postgres ? new String[] {MIGRATIONS, POSTGRESQL_MIGRATIONS}
                    : new String[] {MIGRATIONS};
            Flyway.configure().dataSource(dataSource).locations(locations).table("tmapi_schema_history").load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            // Flyway explains over several lines; the first two say what is wrong
            String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                    : String.join(": ", e.getMessage().lines().map(String::strip).filter(l -> !l.isEmpty()).limit(2)
                            .toList());
            throw new StateStoreException("the state store (" + description + ") cannot be brought up to date: "
                    + reason, e);
        }
        return new StateStore(dataSource, description, !embedded, postgres);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * The products seen by earlier runs, per flow and query: Camel's JDBC idempotent repository over this store, on
     * the table {@code V2__tracking.sql} creates (so it never creates one itself).
     */
    public IdempotentRepository seenItems() {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, SEEN_ITEMS);
        repository.setCreateTableIfNotExists(false);
        return repository;
    }

    /**
     * The files claimed by the instances sharing this store, for the file consumers' idempotent read lock; on the
     * embedded store, claims an earlier start left (it was killed while taking a file) are dropped at once, as no other
     * instance can hold them. Made once; the file consumers hold claims with it, the jobs ask it what is claimed.
     *
     * @param lapse how old a claim that was not renewed must be to be taken for one left by a dead instance
     */
    public synchronized FileClaims fileClaims(String instanceId, Duration lapse) {
        if (fileClaims == null) {
            if (!shared) {
                FileClaims.forgetAll(dataSource);
            }
            fileClaims = new FileClaims(dataSource, instanceId, lapse);
        }
        return fileClaims;
    }

    /**
     * Records many seen items at once (an earlier version's file imported), as the rows {@link #seenItems()} writes,
     * a few hundred per transaction rather than three statements each; returns how many were not recorded yet.
     */
    public long addSeenItems(List<String> keys) {
        long added = 0;
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + BATCH));
            added += Transactions.upsert(dataSource, connection -> {
                try (PreparedStatement insert = connection.prepareStatement("insert into camel_messageprocessed"
                        + " (processorName, messageId, createdAt) select ?, ?, ? where not exists (select 1 from"
                        + " camel_messageprocessed where processorName = ? and messageId = ?)")) {
                    Timestamp now = Timestamp.from(Instant.now());
                    for (String key : chunk) {
                        insert.setString(1, SEEN_ITEMS);
                        insert.setString(2, key);
                        insert.setTimestamp(3, now);
                        insert.setString(4, SEEN_ITEMS);
                        insert.setString(5, key);
                        insert.addBatch();
                    }
                    long inserted = 0;
                    for (int count : insert.executeBatch()) {
                        inserted += count;
                    }
                    return inserted;
                }
            });
        }
        return added;
    }

    /**
     * The TMAPI account's slots, one per request in flight across every instance sharing this store, on a pool of
     * their own; PostgreSQL only (the embedded store serves one instance, whose limiter counts alone).
     */
    public AccountSlots accountSlots(int slots) {
        if (!shared) {
            throw new IllegalStateException("the account's slots are shared through PostgreSQL only, not the "
                    + description);
        }
        return new AccountSlots(dataSource, slots);
    }

    /** Whether several instances may share this store (PostgreSQL), or it serves this process alone (embedded). */
    public boolean shared() {
        return shared;
    }

    /**
     * Whether the store is a PostgreSQL database: then it holds Quartz's clustered job store too (the qrtz_* tables of
     * {@code db/quartz-postgresql/}).
     */
    public boolean postgres() {
        return postgres;
    }

    /** What the store is, for the start-up line and the health check (no password). */
    public String description() {
        return description;
    }

    /** Whether the database answers now. */
    public boolean reachable() {
        return look() == null;
    }

    /** Why the store does not answer now, or null when it does: one connection, asked whether it is valid. */
    private String look() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) ANSWER_WITHIN.toSeconds()) ? null
                    : "it did not answer within " + ANSWER_WITHIN.toSeconds() + " s";
        } catch (SQLException e) {
            // the innermost database error says it best ("Connection to 127.0.0.1:5432 refused"), not the pool
            String reason = e.getClass().getSimpleName();
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLException && t.getMessage() != null) {
                    reason = t.getMessage();
                }
            }
            return reason.lines().findFirst().orElse("").strip();
        }
    }

    /**
     * Every second (the {@code tmapi-state-store-probe} route): looks whether the store answers, for
     * {@link #answering()}. When it stops answering, one ERROR line says so and what waits; when it answers again, one
     * INFO line, and those waiting for it ({@link #awaitAnswering}) go on.
     */
    public void probe() {
        probeStarted = System.nanoTime();
        String problem;
        try {
            problem = look();
        } finally {
            probeStarted = 0;
        }
        Instances self = instance;
        if (problem == null && self != null && self.writeProblem() != null) {
            // it answered, but took nothing the last time (a full disk under the embedded store): the probe writes
            // itself, so that seeing the room again never waits for the heartbeat route's next turn
            self.heartbeat();
            if (self.writeProblem() != null) {
                problem = "it cannot be written to (" + self.writeProblem() + ")";
            }
        }
        boolean now = problem == null;
        if (answering && !now) {
            LOG.error("The state store ({}) cannot be used: {}. Nothing is lost: no TMAPI request is sent and every"
                    + " job waits at its last recorded page until it answers again", description, problem);
        } else if (!answering && now) {
            LOG.info("The state store ({}) answers again: the jobs go on from their last recorded page",
                    description);
        }
        synchronized (probeMonitor) {
            answering = now;
            if (now) {
                goodLooks++;
                probeMonitor.notifyAll();
            }
        }
    }

    /**
     * Whether the store answers, as the last look found; not while a look has waited longer than it may. Never waits
     * itself: the health check and every TMAPI request ask it.
     */
    public boolean answering() {
        long started = probeStarted;
        if (started != 0 && System.nanoTime() - started > ANSWER_WITHIN.toNanos()) {
            return false;
        }
        return answering;
    }

    /**
     * Waits for the store's next look that finds it answering (a second at least, as it looks every second), at most
     * this long; whether it came. Something the store refused just now is tried again after it, not at once.
     */
    public boolean awaitNextAnswer(Duration atMost) throws InterruptedException {
        long until = System.nanoTime() + atMost.toNanos();
        synchronized (probeMonitor) {
            long seen = goodLooks;
            while (goodLooks == seen) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                probeMonitor.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * This instance among those sharing the store, recorded as alive from now on; it leaves (its unfinished jobs free
     * for the others at once) when the store is closed at a clean stop.
     */
    public synchronized Instances join(String instanceId, Duration takeover) {
        if (instance == null) {
            instance = new Instances(dataSource, instanceId, takeover, shared);
            instance.join();
        }
        return instance;
    }

    @Override
    public synchronized void close() {
        if (instance != null && !dataSource.isClosed()) {
            instance.leave();
        }
        dataSource.close();
    }

    /** Whether H2 says its database is closed, or is closing it after a write that failed. */
    private static boolean closedEmbedded(SQLException e) {
        int code = e.getErrorCode();
        return code == H2_DATABASE_CLOSED || code == H2_SHUT_DOWN || code == H2_IO_FAILED;
    }

    private static String reason(Throwable e, boolean embedded) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (embedded && message != null && message.contains("Database may be already in use")) {
                return "another instance uses it; several instances share a PostgreSQL database instead (state.jdbc-url)";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** A JDBC URL may carry {@code password=...}; it is never shown. */
    static String withoutSecrets(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
