package org.tmapiroutes.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A logged exception whose message, cause and suppressed exception carry a secret is written without it, by the
 * product's text layout and its JSON layout alike, its classes and frames kept.
 */
class StackTraceRedactionTest {

    private static final String TOKEN = "tok/7Qx+echo=secret%value";
    private static final String ENCODED = URLEncoder.encode(TOKEN, StandardCharsets.UTF_8);

    @AfterEach
    void forget() {
        Redaction.forgetAll();
    }

    @Test
    void givenAnExceptionWhoseMessageAndCausesCarryTheToken_whenLoggedAsText_thenTheStackTraceHoldsNoFormOfIt() {
        Redaction.register(TOKEN);
        Configuration config = ((LoggerContext) LogManager.getContext(false)).getConfiguration();

        String line = config.getAppender("text").getLayout().toSerializable(event()).toString();

        assertThat(line).contains("a request failed").contains("java.lang.IllegalStateException: GET /x?apiToken=****")
                .contains("Caused by: java.io.IOException: server said: token **** is not valid")
                .contains("Suppressed: java.io.IOException: closing {\"apikey\":\"****\"}")
                .contains("at org.tmapiroutes.secrets.StackTraceRedactionTest.event");
        assertNoForm(line);
    }

    @Test
    void givenAnExceptionWhoseMessageAndCausesCarryTheToken_whenLoggedAsJson_thenTheStackTraceHoldsNoFormOfIt() {
        Redaction.register(TOKEN);
        Configuration config = ((LoggerContext) LogManager.getContext(false)).getConfiguration();
        Layout<String> json = JsonTemplateLayout.newBuilder().setConfiguration(config)
                .setEventTemplateUri("classpath:tmapi-log.json").build();

        String line = json.toSerializable(event());

        assertThat(line).contains("\"exception\":").contains("java.lang.IllegalStateException")
                .contains("Caused by: java.io.IOException: server said: token **** is not valid");
        assertThat(line.split("Caused by: ", -1)).as("the trace is written once").hasSize(2);
        assertNoForm(line);
    }

    private static LogEvent event() {
        IOException cause = new IOException("server said: token " + TOKEN + " is not valid");
        IllegalStateException failure = new IllegalStateException("GET /x?apiToken=" + ENCODED, cause);
        IOException suppressed = new IOException("closing {\"apikey\":\"" + TOKEN.replace("/", "\\/") + "\"}");
        failure.addSuppressed(suppressed);
        // a frame each, so that the JSON layout's longest string holds the whole trace
        for (Throwable t : List.of(failure, cause, suppressed)) {
            t.setStackTrace(Arrays.copyOf(t.getStackTrace(), 1));
        }
        return Log4jLogEvent.newBuilder().setLoggerName("org.apache.camel.component.http").setLevel(Level.ERROR)
                .setMessage(new SimpleMessage("a request failed")).setThrown(failure).build();
    }

    private static void assertNoForm(String line) {
        for (String form : List.of(TOKEN, ENCODED, ENCODED.toLowerCase(java.util.Locale.ROOT),
                TOKEN.replace("/", "\\/"), "tok/7Qx", "tok\\/7Qx", "tok%2F7Qx", "tok%2f7Qx")) {
            assertThat(line).as("no %s", form).doesNotContain(form);
        }
    }
}
