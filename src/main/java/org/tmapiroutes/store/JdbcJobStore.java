package org.tmapiroutes.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import org.tmapiroutes.secrets.Redaction;
import org.tmapiroutes.tmapi.TmapiFailureException;

/** {@link JobStore} over JDBC: the same statements on the embedded H2 (PostgreSQL mode) and on PostgreSQL. */
public final class JdbcJobStore implements JobStore {

    /** Queries read per round trip by the lazy readers. */
    private static final int CHUNK = 100;
    /** Queries inserted per batch when a job is accepted. */
    private static final int BATCH = 500;

    private final DataSource dataSource;
    private final Instances instances;

    /** @param instances this instance, the owner of the jobs it accepts and takes over */
    public JdbcJobStore(DataSource dataSource, Instances instances) {
        this.dataSource = dataSource;
        this.instances = instances;
    }

    @Override
    public long accept(NewJob job, List<String> queries) {
        return inTransaction(connection -> {
            long id;
            try (PreparedStatement insert = connection.prepareStatement("insert into tmapi_job (kind, flow, name,"
                    + " endpoint, input_path, inbox_folder, output_base, output_format, item_filter, state, query_count,"
                    + " accepted_at, owner, input_name, enrichment) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                insert.setString(1, job.kind().value());
                insert.setString(2, job.flow());
                insert.setString(3, job.name());
                insert.setString(4, job.endpoint());
                insert.setString(5, job.inputPath());
                insert.setString(6, job.inboxFolder());
                insert.setString(7, job.outputBase());
                insert.setString(8, job.outputFormat());
                insert.setString(9, job.itemFilter());
                insert.setString(10, State.FETCHING.value());
                insert.setInt(11, queries.size());
                insert.setTimestamp(12, Timestamp.from(Instant.now()));
                insert.setString(13, instances.id());
                insert.setString(14, job.inputName());
                insert.setString(15, job.enrichment());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into tmapi_job_query (job_id, idx, query, state) values (?, ?, ?, ?)")) {
                for (int i = 0; i < queries.size(); i++) {
                    insert.setLong(1, id);
                    insert.setInt(2, i);
                    insert.setString(3, queries.get(i));
                    insert.setString(4, QueryState.PENDING.value());
                    insert.addBatch();
                    if ((i + 1) % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            return id;
        });
    }

    @Override
    public boolean spendCall(long jobId, long maxCalls) {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update tmapi_job set calls = calls + 1 where id = ? and calls < ?")) {
                update.setLong(1, jobId);
                update.setLong(2, maxCalls);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<Job> job(long id) {
        return inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select id, kind, flow, name, endpoint,"
                    + " input_path, inbox_folder, output_base, output_format, item_filter, state, query_count,"
                    + " accepted_at, input_name, enrichment, version from tmapi_job where id = ?")) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Job(row.getLong(1), Kind.of(row.getString(2)), row.getString(3), row.getString(4),
                            row.getString(5), row.getString(6), row.getString(7), row.getString(8), row.getString(9),
                            row.getString(10), State.of(row.getString(11)), row.getInt(12), row.getTimestamp(13).toInstant(),
                            row.getString(14), row.getString(15), row.getLong(16)));
                }
            }
        });
    }

    @Override
    public List<Long> jobs(Kind kind, State state) {
        return column("select id from tmapi_job where kind = ? and state = ? order by id", row -> row.getLong(1),
                kind.value(), state.value());
    }

    /** A job no live instance but this one owns: no owner, or one silent for longer than the takeover time. */
    private static final String FREE = "(owner is null or owner = ? or not exists (select 1 from tmapi_instance i"
            + " where i.id = tmapi_job.owner and i." + Instances.ALIVE_SINCE + "))";

    @Override
    public List<Long> unowned(Kind kind, State state) {
        return column("select id from tmapi_job where kind = ? and state = ? and " + FREE + " order by id",
                row -> row.getLong(1), kind.value(), state.value(), instances.id(), instances.silence().toSeconds());
    }

    @Override
    public OptionalLong claim(long jobId) {
        // one statement: of two instances claiming at once, the database lets one update the row, and the other then
        // finds it owned by a live instance
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update tmapi_job set owner = ?, version = version + 1 where id = ? and state <> '"
                            + State.DONE.value() + "' and " + FREE)) {
                update.setString(1, instances.id());
                update.setLong(2, jobId);
                update.setString(3, instances.id());
                update.setLong(4, instances.silence().toSeconds());
                if (update.executeUpdate() != 1) {
                    return OptionalLong.empty();
                }
            }
            // read in the claim's transaction, while its update holds the row
            try (PreparedStatement select = connection.prepareStatement("select version from tmapi_job where id = ?")) {
                select.setLong(1, jobId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return OptionalLong.of(row.getLong(1));
                }
            }
        });
    }

    @Override
    public String instance() {
        return instances.id();
    }

    @Override
    public Optional<String> owner(long jobId) {
        return inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select owner from tmapi_job where id = ?")) {
                select.setLong(1, jobId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Instant> runGoingElsewhere(String flow) {
        return inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select min(accepted_at) from tmapi_job"
                    + " where kind = ? and flow = ? and state in (?, ?) and not " + FREE)) {
                select.setString(1, Kind.SCHEDULED.value());
                select.setString(2, flow);
                select.setString(3, State.FETCHING.value());
                select.setString(4, State.DELIVERING.value());
                select.setString(5, instances.id());
                select.setLong(6, instances.silence().toSeconds());
                try (ResultSet row = select.executeQuery()) {
                    Timestamp since = row.next() ? row.getTimestamp(1) : null;
                    return Optional.ofNullable(since).map(Timestamp::toInstant);
                }
            }
        });
    }

    @Override
    public Set<String> unfinishedInputs() {
        return new HashSet<>(column("select input_path from tmapi_job where kind = ? and state in (?, ?)"
                + " and input_path is not null", row -> row.getString(1), Kind.INBOX.value(), State.FETCHING.value(),
                State.WRITING.value()));
    }

    @Override
    public long startRun(String flow, String name) {
        return accept(new NewJob(Kind.SCHEDULED, flow, name, null, null, null, null, null, null, null, null), List.of());
    }

    @Override
    public List<Query> addQueries(long jobId, List<String> queries) {
        return inTransaction(connection -> {
            List<Query> added = new ArrayList<>(queries.size());
            for (String query : queries) {
                added.add(addQuery(connection, jobId, query));
            }
            return added;
        });
    }

    @Override
    public Query addStepCall(long jobId, String query) {
        return inTransaction(connection -> {
            Query known = findQuery(connection, jobId, query, "idx < 0");
            if (known != null) {
                return known;
            }
            int index = number(connection, jobId, "update tmapi_job set query_count = query_count where id = ?",
                    "select coalesce(min(idx), 0) - 1 from tmapi_job_query where job_id = ?");
            return insertQuery(connection, jobId, Math.min(index, -1), query);
        });
    }

    /** The job's query of this text among those the condition names, or {@code null}. */
    private static Query findQuery(java.sql.Connection connection, long jobId, String query, String condition)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select " + QUERY_COLUMNS
                + " from tmapi_job_query where job_id = ? and query_key = ? and " + condition)) {
            select.setLong(1, jobId);
            select.setString(2, key(query));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? query(jobId, row) : null;
            }
        }
    }

    /** The job's query of this text, recorded now with the next index when it is new. */
    private static Query addQuery(java.sql.Connection connection, long jobId, String query) throws SQLException {
        Query known = findQuery(connection, jobId, query, "idx >= 0");
        if (known != null) {
            return known;
        }
        int index = number(connection, jobId, "update tmapi_job set query_count = query_count + 1 where id = ?",
                "select query_count - 1 from tmapi_job where id = ?");
        return insertQuery(connection, jobId, index, query);
    }

    /**
     * A new query's number, read once the first statement has locked the job's row: two queries added at once (a run's
     * queries starting side by side) get two numbers.
     */
    private static int number(java.sql.Connection connection, long jobId, String lock, String read)
            throws SQLException {
        try (PreparedStatement locking = connection.prepareStatement(lock)) {
            locking.setLong(1, jobId);
            locking.executeUpdate();
        }
        try (PreparedStatement reading = connection.prepareStatement(read)) {
            reading.setLong(1, jobId);
            try (ResultSet row = reading.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static Query insertQuery(java.sql.Connection connection, long jobId, int index, String query)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into tmapi_job_query (job_id, idx, query, state, query_key) values (?, ?, ?, ?, ?)")) {
            insert.setLong(1, jobId);
            insert.setInt(2, index);
            insert.setString(3, query);
            insert.setString(4, QueryState.PENDING.value());
            insert.setString(5, key(query));
            insert.executeUpdate();
        }
        return new Query(jobId, index, query, QueryState.PENDING, null, 0, null, null);
    }

    private static String key(String query) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(query.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean handOver(long jobId, long version) {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update tmapi_job set state = ? where id = ? and owner = ? and version = ? and state = ?")) {
                update.setString(1, State.DELIVERING.value());
                update.setLong(2, jobId);
                update.setString(3, instances.id());
                update.setLong(4, version);
                update.setString(5, State.FETCHING.value());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Iterable<Query> pendingQueries(long jobId) {
        return queries(jobId, QueryState.PENDING);
    }

    @Override
    public Iterable<Query> failedQueries(long jobId) {
        return queries(jobId, QueryState.FAILED);
    }

    private Iterable<Query> queries(long jobId, QueryState state) {
        return queries(jobId, "state = '" + state.value() + "'");
    }

    private Iterable<Query> queries(long jobId, String condition) {
        String sql = "select " + QUERY_COLUMNS + " from tmapi_job_query where job_id = ? and " + condition
                + " and idx > ? order by idx limit " + CHUNK;
        return () -> new Chunked<>(CHUNK, after -> inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setLong(1, jobId);
                // from index 0: the calls of an enrichment step, below zero, are not the job's queries
                select.setInt(2, after == null ? -1 : after.index());
                List<Query> chunk = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        chunk.add(query(jobId, row));
                    }
                }
                return chunk;
            }
        }));
    }

    private static final String QUERY_COLUMNS = "idx, query, state, page_cursor, rows_end, error_code, error_message";

    private static Query query(long jobId, ResultSet row) throws SQLException {
        return new Query(jobId, row.getInt(1), row.getString(2), QueryState.of(row.getString(3)), row.getString(4),
                row.getLong(5),
                row.getString(6), row.getString(7));
    }

    @Override
    public Iterable<Query> doneQueries(long jobId) {
        // a query the spend guard stopped keeps the pages it had: its -failed.csv row asks only for the rest
        return queries(jobId, "(state = '" + QueryState.DONE.value() + "' or (state = '" + QueryState.FAILED.value()
                + "' and error_code = '" + TmapiFailureException.MAX_CALLS + "'))");
    }

    @Override
    public boolean recordPage(long jobId, long version, Page page, String cursorAfter, boolean lastPage) {
        return inTransaction(connection -> {
            // only while this instance owns the job (one taken over after a long silence is the other's now): the job's
            // row stays locked to the end of this transaction, so a claim cannot slip in between
            if (!lockOwned(connection, jobId, version)) {
                return false;
            }
            try (PreparedStatement update = connection.prepareStatement("update tmapi_job_query set page_cursor = ?,"
                    + " rows_end = ?" + (lastPage ? ", state = '" + QueryState.DONE.value() + "'" : "")
                    + " where job_id = ? and idx = ?")) {
                update.setString(1, cursorAfter);
                update.setLong(2, page.rowsEnd());
                update.setLong(3, jobId);
                update.setInt(4, page.queryIndex());
                update.executeUpdate();
            }
            // recorded again as it was when a first attempt's commit reached the disk but was reported failed (a disk
            // that filled up as it was written): the job's row lock keeps the page's key to this transaction
            try (PreparedStatement insert = connection.prepareStatement("insert into tmapi_job_page (job_id,"
                    + " query_idx, page, items_fetched, items_kept, rows_end, fetched_at) select ?, ?, ?, ?, ?, ?, ?"
                    + " where not exists (select 1 from tmapi_job_page where job_id = ? and query_idx = ?"
                    + " and page = ?)")) {
                insert.setLong(1, jobId);
                insert.setInt(2, page.queryIndex());
                insert.setInt(3, page.page());
                insert.setInt(4, page.itemsFetched());
                insert.setInt(5, page.itemsKept());
                insert.setLong(6, page.rowsEnd());
                insert.setTimestamp(7, Timestamp.from(page.fetchedAt()));
                insert.setLong(8, jobId);
                insert.setInt(9, page.queryIndex());
                insert.setInt(10, page.page());
                insert.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public void queryDone(long jobId, int queryIndex) {
        update("update tmapi_job_query set state = '" + QueryState.DONE.value() + "' where job_id = ? and idx = ?", jobId,
                queryIndex);
    }

    @Override
    public void queryFailed(long jobId, int queryIndex, String code, String message) {
        inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("update tmapi_job_query set state = ?,"
                    + " error_code = ?, error_message = ? where job_id = ? and idx = ?")) {
                update.setString(1, QueryState.FAILED.value());
                update.setString(2, code);
                String scrubbed = Redaction.scrub(message);
                update.setString(3, scrubbed == null ? null : scrubbed.substring(0, Math.min(scrubbed.length(), 4000)));
                update.setLong(4, jobId);
                update.setInt(5, queryIndex);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Counts counts(long jobId) {
        return inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select count(*), coalesce(sum(items_fetched),"
                    + " 0), coalesce(sum(items_kept), 0) from tmapi_job_page where job_id = ? and query_idx >= 0")) {
                select.setLong(1, jobId);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return new Counts(row.getLong(1), row.getLong(2), row.getLong(3));
                }
            }
        });
    }

    @Override
    public Map<String, Long> failuresByCode(long jobId) {
        return inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select error_code, count(*) from"
                    + " tmapi_job_query where job_id = ? and state = ? and idx >= 0 group by error_code"
                    + " order by error_code")) {
                select.setLong(1, jobId);
                select.setString(2, QueryState.FAILED.value());
                Map<String, Long> counts = new LinkedHashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getString(1), rows.getLong(2));
                    }
                }
                return counts;
            }
        });
    }

    @Override
    public boolean fetched(long jobId, long version) {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update tmapi_job set state = ? where id = ? and owner = ? and version = ? and state in (?, ?)")) {
                update.setString(1, State.WRITING.value());
                update.setLong(2, jobId);
                update.setString(3, instances.id());
                update.setLong(4, version);
                update.setString(5, State.FETCHING.value());
                update.setString(6, State.WRITING.value());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean stillOwns(long jobId) {
        return instances.surelyAlive() || owner(jobId).map(instances.id()::equals).orElse(false);
    }

    /**
     * Locks the job's row while this instance owns it at the version of its claim; {@code false} when the job has
     * changed hands since.
     */
    private boolean lockOwned(java.sql.Connection connection, long jobId, long version) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "update tmapi_job set owner = owner where id = ? and owner = ? and version = ?")) {
            lock.setLong(1, jobId);
            lock.setString(2, instances.id());
            lock.setLong(3, version);
            return lock.executeUpdate() == 1;
        }
    }

    @Override
    public boolean done(long jobId, long version, String outputs) {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update tmapi_job set state = ?, outputs = ?, finished_at = ? where id = ? and version = ?")) {
                update.setString(1, State.DONE.value());
                update.setString(2, outputs);
                update.setTimestamp(3, Timestamp.from(Instant.now()));
                update.setLong(4, jobId);
                update.setLong(5, version);
                if (update.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("delete from tmapi_job_page where job_id = ?")) {
                delete.setLong(1, jobId);
                delete.executeUpdate();
            }
            return true;
        });
    }

    private void update(String sql, long jobId, Integer index) {
        inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setLong(1, jobId);
                if (index != null) {
                    update.setInt(2, index);
                }
                update.executeUpdate();
            }
            return null;
        });
    }

    private void update(String sql, long jobId) {
        update(sql, jobId, null);
    }

    /** One value of every row a query gives, read by {@code value}; its parameters are set in order. */
    private <T> List<T> column(String sql, RowValue<T> value, Object... parameters) {
        return inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setObject(i + 1, parameters[i]);
                }
                List<T> values = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        values.add(value.read(rows));
                    }
                }
                return values;
            }
        });
    }

    /** Reads a value from the row a result set stands on. */
    @FunctionalInterface
    private interface RowValue<T> {
        T read(ResultSet row) throws SQLException;
    }

    private <T> T inTransaction(Transactions.Work<T> work) {
        return Transactions.run(dataSource, work);
    }

    /** Reads rows a chunk at a time, each chunk starting after the last row of the one before. */
    private static final class Chunked<T> implements Iterator<T> {
        private final int size;
        private final Function<T, List<T>> next;
        private List<T> chunk;
        private int position;
        private boolean last;

        Chunked(int size, Function<T, List<T>> next) {
            this.size = size;
            this.next = next;
        }

        @Override
        public boolean hasNext() {
            if (chunk == null || (position == chunk.size() && !last)) {
                T after = chunk == null || chunk.isEmpty() ? null : chunk.get(chunk.size() - 1);
                if (chunk != null && chunk.isEmpty()) {
                    return false;
                }
                chunk = next.apply(after);
                position = 0;
                last = chunk.size() < size;
            }
            return position < chunk.size();
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return chunk.get(position++);
        }
    }
}
