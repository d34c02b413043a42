package org.tmapiroutes.tmapi;

import java.time.Duration;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/** A Camel context set up as the product sets it up for the 439 pause: its policy factory and {@code tmapi-errors}. */
final class PausingContext {

    private PausingContext() {
    }

    /** The pause of this limiter, made the context's route policy factory, with the route configuration flows opt in to. */
    static TmapiPause pause(DefaultCamelContext context, TmapiLimiter limiter, Duration window) throws Exception {
        TmapiPause pause = new TmapiPause(context, limiter, window);
        context.addRoutePolicyFactory(pause);
        context.addRoutes(new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration(TmapiPause.TMAPI_ERRORS);
            }
        });
        return pause;
    }
}
