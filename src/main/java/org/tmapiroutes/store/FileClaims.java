package org.tmapiroutes.store;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files the instances sharing the state store are taking (inbox files being accepted, mails and uploads being
 * delivered), as an idempotent repository for Camel's idempotent read lock, on the table {@code V6__file_claims.sql}
 * creates: a claim is one row, inserted by one instance only (its key is unique); its owner renews it every beat while
 * it holds it ({@link #renew()}); another instance takes it only once it has not been renewed for the time an instance
 * may stay silent, in one conditional update, so of two instances that find a name free at once exactly one gets it,
 * and a live claim is never taken. Times are the database's, as for {@link Instances}.
 */
public final class FileClaims extends ServiceSupport implements IdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(FileClaims.class);
    /** The names {@link #liveAmong} asks about in one statement, well below what a statement may bind. */
    private static final int KEYS_PER_STATEMENT = 500;

    private final DataSource dataSource;
    private final String owner;
    private final Duration lapse;
    private volatile boolean renewalFailing;

    /**
     * @param instanceId this instance's id, kept with its claims for whoever reads the table
     * @param lapse      how old a claim that was not renewed must be to be taken for one left by a dead instance
     */
    FileClaims(DataSource dataSource, String instanceId, Duration lapse) {
        this.dataSource = dataSource;
        // a restart under the same id must not renew what its dead predecessor held
        this.owner = instanceId + " " + UUID.randomUUID();
        this.lapse = lapse;
    }

    /** Claims the file: true when this instance got it (free, or left by an instance that stopped renewing it). */
    @Override
    public boolean add(String key) {
        if (Transactions.inserted(dataSource, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into tmapi_file_claim (file_key, owner,"
                    + " claimed_at) values (?, ?, current_timestamp)")) {
                insert.setString(1, key);
                insert.setString(2, owner);
                return insert.executeUpdate();
            }
        })) {
            return true;
        }
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement takeOver = connection.prepareStatement("update tmapi_file_claim set owner = ?,"
                    + " claimed_at = current_timestamp where file_key = ? and not (" + LIVE + ")")) {
                takeOver.setString(1, owner);
                takeOver.setString(2, key);
                takeOver.setLong(3, lapse.toSeconds());
                return takeOver.executeUpdate() == 1;
            }
        });
    }

    /** Whether an instance (this one or another) holds a live claim on the file. */
    @Override
    public boolean contains(String key) {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("select 1 from tmapi_file_claim where"
                    + " file_key = ? and " + LIVE)) {
                select.setString(1, key);
                select.setLong(2, lapse.toSeconds());
                try (var rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /**
     * Which of these files an instance (this one or another) holds a live claim on, asked in one statement (per
     * {@value #KEYS_PER_STATEMENT} names).
     */
    public Set<String> liveAmong(Collection<String> keys) {
        Set<String> live = new HashSet<>();
        List<String> all = List.copyOf(keys);
        for (int from = 0; from < all.size(); from += KEYS_PER_STATEMENT) {
            List<String> some = all.subList(from, Math.min(all.size(), from + KEYS_PER_STATEMENT));
            Transactions.run(dataSource, connection -> {
                try (PreparedStatement select = connection.prepareStatement("select file_key from tmapi_file_claim"
                        + " where file_key in (" + String.join(", ", Collections.nCopies(some.size(), "?")) + ") and "
                        + LIVE)) {
                    int index = 1;
                    for (String key : some) {
                        select.setString(index++, key);
                    }
                    select.setLong(index, lapse.toSeconds());
                    try (var rows = select.executeQuery()) {
                        while (rows.next()) {
                            live.add(rows.getString(1));
                        }
                    }
                }
                return live;
            });
        }
        return live;
    }

    /** Gives the claim back, if this instance still holds it (one taken over meanwhile is the new owner's). */
    @Override
    public boolean remove(String key) {
        return Transactions.run(dataSource, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from tmapi_file_claim where"
                    + " file_key = ? and owner = ?")) {
                delete.setString(1, key);
                delete.setString(2, owner);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    /** Gives back every claim this instance holds. */
    @Override
    public void clear() {
        Transactions.run(dataSource, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from tmapi_file_claim where owner = ?")) {
                delete.setString(1, owner);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * Every beat: the claims this instance holds are renewed, so that none lapses while its file is still being taken.
     * A failure is logged once until renewing works again (the heartbeat says the same of the instance).
     */
    public void renew() {
        try {
            Transactions.run(dataSource, connection -> {
                try (PreparedStatement update = connection.prepareStatement("update tmapi_file_claim set claimed_at ="
                        + " current_timestamp where owner = ?")) {
                    update.setString(1, owner);
                    return update.executeUpdate();
                }
            });
            renewalFailing = false;
        } catch (StateStoreException e) {
            if (!renewalFailing) {
                renewalFailing = true;
                LOG.warn("the file claims of this instance cannot be renewed in the state store ({}); after {} s"
                        + " other instances may take the files it is delivering", e.getMessage(), lapse.toSeconds());
            }
        }
    }

    /** Forgets every claim: on the embedded store at start, where any claim left is an earlier start's. */
    static void forgetAll(DataSource dataSource) {
        Transactions.run(dataSource, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from tmapi_file_claim")) {
                return delete.executeUpdate();
            }
        });
    }

    /** The condition on {@code tmapi_file_claim} that its claim is live, taking the lapse in seconds as parameter. */
    private static final String LIVE = "claimed_at >= current_timestamp - (cast(? as integer) * interval '1' second)";
}
