package org.tmapiroutes.tmapi;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Turns off the HTTP client's own silent retry of requests whose connection dropped, so every TMAPI request that goes
 * out is one the error policy (routes/tmapi-errors.camel.yaml) decided on: TMAPI is paid per call. With
 * {@code tmapi.auth=header} it also adds the {@code apikey} header to each request as it leaves, so the token is never
 * a message header of a route (nor in its tracing or logs).
 */
public final class SingleAttemptHttpClient implements HttpClientConfigurer {

    private final TmapiAuth auth;

    public SingleAttemptHttpClient() {
        this(new TmapiAuth(TmapiAuth.Mode.QUERY, ""));
    }

    public SingleAttemptHttpClient(TmapiAuth auth) {
        this.auth = auth;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.disableAutomaticRetries();
        String token = auth.headerToken();
        if (token != null) {
            clientBuilder.addRequestInterceptorFirst((request, entity, context) ->
                    request.setHeader(TmapiAuth.HEADER, token));
        }
    }
}
