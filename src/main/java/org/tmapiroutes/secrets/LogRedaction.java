package org.tmapiroutes.secrets;

import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * The scrubber of written texts applied to the log: every line's message passes {@link Redaction#scrub(String)} before
 * any layout writes it ({@code <ScrubSecrets/>} in a {@code Rewrite} appender, see {@code log4j2.xml}). A logged
 * exception is rendered by the layout only, so its stack trace passes the same scrubber there ({@link ScrubbedPattern},
 * {@code %scrub{%xEx}}).
 */
@Plugin(name = "ScrubSecrets", category = Core.CATEGORY_NAME, elementType = "rewritePolicy", printObject = true)
public final class LogRedaction implements RewritePolicy {

    private static final LogRedaction INSTANCE = new LogRedaction();

    private LogRedaction() {
    }

    @PluginFactory
    public static LogRedaction create() {
        return INSTANCE;
    }

    @Override
    public LogEvent rewrite(LogEvent event) {
        String message = event.getMessage().getFormattedMessage();
        String scrubbed = Redaction.scrub(message);
        if (scrubbed == null || scrubbed.equals(message)) {
            return event;
        }
        return new Log4jLogEvent.Builder(event).setMessage(new SimpleMessage(scrubbed)).build();
    }
}
