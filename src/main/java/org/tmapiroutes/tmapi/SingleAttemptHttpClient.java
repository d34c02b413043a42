package org.tmapiroutes.tmapi;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Turns off the HTTP client's own silent retry of requests whose connection dropped, so every TMAPI request that goes
 * out is one the error policy (routes/tmapi-errors.camel.yaml) decided on: TMAPI is paid per call.
 */
public final class SingleAttemptHttpClient implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.disableAutomaticRetries();
    }
}
