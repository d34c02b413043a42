package org.tmapiroutes.app;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Reports on {@code /observe/health} whether every flow of the route files runs: DOWN, naming each flow, its file
 * and the reason, when a save left a flow stopped because neither the saved nor the previous version could be loaded.
 */
final class RouteFilesHealthCheck extends AbstractHealthCheck {

    private final Supplier<Map<String, String>> stoppedFlows;

    RouteFilesHealthCheck(Supplier<Map<String, String>> stoppedFlows) {
        super("routes", "route-files");
        this.stoppedFlows = stoppedFlows;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, String> stopped = stoppedFlows.get();
        if (stopped.isEmpty()) {
            builder.up();
            return;
        }
        stopped.forEach((routeId, why) -> builder.detail("stopped." + routeId, why));
        builder.message("flows stopped by a route file that could not be loaded: " + String.join(", ",
                stopped.keySet()) + "; fix the file and save it again");
        builder.down();
    }
}
