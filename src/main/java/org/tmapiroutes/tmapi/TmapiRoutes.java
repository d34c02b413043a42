package org.tmapiroutes.tmapi;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The one TMAPI request of a page, the conversion of an image search's picture, both through camel-http, and the
 * timer that checks the 439 pause every second (its window, and a pause begun or ended on another instance). The
 * error policy (routes/tmapi-errors.camel.yaml) retries at the {@code to: direct:tmapi-page} of
 * routes/tmapi-pages.camel.yaml, so a retry repeats this route alone: only the page that failed.
 */
public class TmapiRoutes extends RouteBuilder {

    /** The one HTTP endpoint of every TMAPI call; method, path and query come from {@link TmapiRequest}. */
    private static final String TMAPI = "{{tmapi.base-url}}?throwExceptionOnFailure=false&skipRequestHeaders=true"
            + "&skipResponseHeaders=true&httpClientConfigurer=#singleAttemptHttpClient"
            + "&connectTimeout={{tmapi.connect-timeout-seconds}}000"
            + "&responseTimeout={{tmapi.timeout-seconds}}000&soTimeout={{tmapi.timeout-seconds}}000";

    @Override
    public void configure() {
        // the HTTP exchange itself, sent from a copy of the request's exchange (see answer)
        from("direct:tmapi-http").routeId("tmapi-http")
                .errorHandler(noErrorHandler())
                .to(TMAPI);

        from("direct:tmapi-page").routeId("tmapi-page")
                .errorHandler(noErrorHandler())
                .bean("tmapiRequest", "prepare")
                .bean("tmapiPageReader", "attempt")
                .bean("tmapiLimiter", "acquire")
                .doTry()
                    .enrich("direct:tmapi-http", TmapiRoutes::answer, true)
                    .bean("tmapiPageReader", "read")
                .doCatch(IOException.class)
                    .bean("tmapiPageReader", "transportFailed")
                .doFinally()
                    // the verdict (success, 503, 439) is known before the slot is given back
                    .bean("tmapiLimiter", "release")
                .end();

        // an image search's picture not hosted by Alibaba is converted first (kept 24 h); like a page, the error
        // policy retries this at its to: in routes/tmapi-pages.camel.yaml
        from("direct:tmapi-image-conversion").routeId("tmapi-image-conversion")
                .errorHandler(noErrorHandler())
                .filter(method("imageUrlConversion", "required"))
                    .doTry()
                        .bean("imageUrlConversion", "prepare")
                        .bean("tmapiPageReader", "attempt")
                        .bean("tmapiLimiter", "acquire")
                        .to("direct:tmapi-image-conversion-request")
                    .doFinally()
                        .bean("imageUrlConversion", "done")
                    .end()
                .end();

        from("direct:tmapi-image-conversion-request").routeId("tmapi-image-conversion-request")
                .errorHandler(noErrorHandler())
                .doTry()
                    .enrich("direct:tmapi-http", TmapiRoutes::answer, true)
                    .bean("imageUrlConversion", "read")
                .doCatch(IOException.class)
                    .bean("tmapiPageReader", "transportFailed")
                .doFinally()
                    .bean("tmapiLimiter", "release")
                .end();

        from("timer:tmapi-pause-window?period=1000&delay=1000").routeId("tmapi-pause-window")
                .bean("tmapiPause", "checkWindow");
    }

    /**
     * camel-http's answer joins the request's message: its body and HTTP status, or its failure. The request is sent
     * from a copy of the exchange (the enrich EIP) so that the route's message keeps its headers whatever camel-http
     * does: when an answer breaks off in its body, camel-http has already replaced the message with an empty one, and
     * with it the error handler's redelivery count, so a cut-off answer would be asked again without end.
     */
    private static Exchange answer(Exchange request, Exchange http) {
        if (http.getException() != null) {
            request.setException(http.getException());
            return request;
        }
        request.getMessage().setBody(http.getMessage().getBody());
        request.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE,
                http.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
        return request;
    }
}
