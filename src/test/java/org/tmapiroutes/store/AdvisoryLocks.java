package org.tmapiroutes.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The account's slots as PostgreSQL sees them ({@code pg_locks}): which are held, which are waited for. */
public final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    /** The slots held now in the store's database, by any instance, in order. */
    public static List<Integer> held(StateStore store) {
        return slots(store, true);
    }

    /** The slots some connection is waiting for now. */
    public static List<Integer> waitedFor(StateStore store) {
        return slots(store, false);
    }

    private static List<Integer> slots(StateStore store, boolean granted) {
        // pg_locks shows the whole server's locks; a two-key advisory lock shows its keys as classid and objid
        try (Connection connection = store.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("select objid::int8 from pg_locks where"
                        + " database = (select oid from pg_database where datname = current_database())"
                        + " and locktype = 'advisory' and classid::int8 = ? and objsubid = 2 and granted = ?"
                        + " order by objid::int8")) {
            select.setLong(1, AccountSlots.NAMESPACE);
            select.setBoolean(2, granted);
            List<Integer> slots = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    slots.add(rows.getInt(1));
                }
            }
            return slots;
        } catch (SQLException e) {
            throw new IllegalStateException("pg_locks could not be read: " + e.getMessage(), e);
        }
    }
}
