package org.tmapiroutes.app;

import java.io.StringWriter;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.appender.rewrite.RewriteAppender;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.tmapiroutes.secrets.LogRedaction;

/**
 * Everything the product logs while a test runs, formatted by the product's own console layout (the one users see),
 * optionally with every logger at DEBUG.
 */
public final class CapturedLog implements AutoCloseable {

    private final StringWriter text = new StringWriter();
    private final WriterAppender appender;
    private final RewriteAppender scrubbed;
    private final Level rootLevelBefore;

    private CapturedLog(boolean debug) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        Appender console = config.getAppender("text");
        PatternLayout layout = (PatternLayout) console.getLayout();
        appender = WriterAppender.newBuilder().setName("captured-" + System.nanoTime()).setTarget(text)
                .setLayout(layout).build();
        appender.start();
        config.addAppender(appender);
        // through the product's scrubber of secrets, as the console is
        scrubbed = RewriteAppender.createAppender(appender.getName() + "-scrubbed", "true",
                new AppenderRef[] {AppenderRef.createAppenderRef(appender.getName(), null, null)}, config,
                LogRedaction.create(), null);
        scrubbed.start();
        config.addAppender(scrubbed);
        LoggerConfig root = config.getRootLogger();
        rootLevelBefore = root.getLevel();
        // the product's loggers are additive, so everything reaches the root's appenders once
        root.addAppender(scrubbed, null, null);
        context.updateLoggers();
        if (debug) {
            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.DEBUG);
        }
    }

    public static CapturedLog info() {
        return new CapturedLog(false);
    }

    public static CapturedLog debug() {
        return new CapturedLog(true);
    }

    public String text() {
        return text.toString();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(scrubbed.getName());
        scrubbed.stop();
        appender.stop();
        context.reconfigure();
        if (rootLevelBefore != null) {
            context.updateLoggers();
        }
    }
}
