package org.tmapiroutes.app;

import java.util.Collection;
import java.util.List;
import java.util.Properties;

import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerFactory;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The schedule of the scheduled flows kept in the PostgreSQL state store and shared by every instance: Quartz's
 * clustered JDBC job store over the store's own connections, so that each fire of a flow's cron runs on one instance.
 *
 * <p>Camel's Quartz component takes its scheduler from here. The instances are one Quartz cluster because they share
 * the scheduler name {@value #SCHEDULER_NAME}; each is a member under its {@code instance.id}. With a clustered store
 * camel-quartz leaves the triggers in the database when a route or the program stops (the others go on firing them),
 * and gives a trigger a changed cron when its route starts again ({@link ScheduledFlows#keepTimeZone} a changed time
 * zone).
 */
final class SharedSchedule implements SchedulerFactory {

    /** Quartz's scheduler name (its SCHED_NAME column): the same on every instance, which makes them one cluster. */
    static final String SCHEDULER_NAME = "tmapi-routes";
    /**
     * How often, in milliseconds, an instance tells the others it is there; one silent for longer is taken for dead.
     * Quartz does not run a dead instance's fires under way again (no recovery): the product's durable runs decide what
     * becomes of a run it had begun.
     */
    static final long CLUSTER_CHECKIN_MS = 5_000;
    /** Fires that may run at once, as many as in Quartz's default in-memory schedule. */
    private static final int THREADS = 10;

    private final ConnectionProvider connections;
    private final String instanceId;
    private Scheduler scheduler;

    private SharedSchedule(ConnectionProvider connections, String instanceId) {
        this.connections = connections;
        this.instanceId = instanceId;
    }

    /**
     * Camel's Quartz component with its schedule in the state store, this instance a member under its id.
     *
     * @param connections the state store's connections ({@link org.tmapiroutes.store.ScheduleConnections})
     */
    static QuartzComponent quartz(ConnectionProvider connections, String instanceId) {
        QuartzComponent quartz = new QuartzComponent();
        quartz.setSchedulerFactory(new SharedSchedule(connections, instanceId));
        return quartz;
    }

    /** The Quartz configuration: the database is named, never described (no URL, user or password). */
    static Properties properties(String instanceId, String dataSourceName) {
        Properties properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, SCHEDULER_NAME);
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, instanceId);
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.threadCount", String.valueOf(THREADS));
        properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty("org.quartz.jobStore.driverDelegateClass",
                "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(CLUSTER_CHECKIN_MS));
        return properties;
    }

    @Override
    public synchronized Scheduler getScheduler() throws SchedulerException {
        if (scheduler == null || scheduler.isShutdown()) {
            // Quartz finds its connections by name, JVM-wide: a name of this instance's own
            String dataSourceName = "tmapi-state-" + instanceId;
            DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, connections);
            synchronized (SharedSchedule.class) {
                scheduler = new StdSchedulerFactory(properties(instanceId, dataSourceName)).getScheduler();
                // Quartz also keeps schedulers by name, JVM-wide, and would hand this one to any other Camel context
                // asking for the same name: it is this context's alone
                SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
            }
        }
        return scheduler;
    }

    @Override
    public synchronized Scheduler getScheduler(String schedulerName) {
        return SCHEDULER_NAME.equals(schedulerName) ? scheduler : null;
    }

    @Override
    public synchronized Collection<Scheduler> getAllSchedulers() {
        return scheduler == null ? List.of() : List.of(scheduler);
    }
}
