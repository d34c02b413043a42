package org.tmapiroutes.store;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.quartz.utils.ConnectionProvider;

/**
 * The connections of the shared schedule (Quartz's clustered JDBC job store, whose {@code qrtz_*} tables the state
 * store's migrations create): the state store's own, from its pool.
 */
public record ScheduleConnections(DataSource dataSource) implements ConnectionProvider {

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the pool is the state store's, which closes it when Camel has stopped
    }

    @Override
    public void initialize() {
        // the pool is open already
    }
}
