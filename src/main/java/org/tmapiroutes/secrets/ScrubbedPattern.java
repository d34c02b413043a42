package org.tmapiroutes.secrets;

import java.util.List;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;
import org.apache.logging.log4j.core.pattern.PatternFormatter;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * The scrubber of written texts applied to what a log pattern renders: {@code %scrub{%xEx}} writes a logged
 * exception's stack trace — its messages, its causes', its suppressed ones' — after {@link Redaction#scrub(String)},
 * which the message rewrite ({@link LogRedaction}) cannot reach, as a throwable is rendered only by the layout.
 */
@Plugin(name = "scrub", category = PatternConverter.CATEGORY)
@ConverterKeys({"scrub"})
public final class ScrubbedPattern extends LogEventPatternConverter {

    private final List<PatternFormatter> formatters;
    private final boolean rendersThrowable;

    private ScrubbedPattern(List<PatternFormatter> formatters) {
        super("scrub", "scrub");
        this.formatters = formatters;
        this.rendersThrowable = formatters.stream().anyMatch(PatternFormatter::handlesThrowable);
    }

    /** @param options one: the pattern whose rendering is scrubbed */
    public static ScrubbedPattern newInstance(Configuration config, String[] options) {
        if (options == null || options.length != 1) {
            StatusLogger.getLogger().error("%scrub takes one pattern, as in %scrub{%xEx}");
            return null;
        }
        // no exception appended to the inner pattern: the outer layout decides where the stack trace goes
        return new ScrubbedPattern(PatternLayout.createPatternParser(config).parse(options[0], false, false, false));
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        int start = toAppendTo.length();
        for (PatternFormatter formatter : formatters) {
            formatter.format(event, toAppendTo);
        }
        String rendered = toAppendTo.substring(start);
        String scrubbed = Redaction.scrub(rendered);
        if (!scrubbed.equals(rendered)) {
            toAppendTo.setLength(start);
            toAppendTo.append(scrubbed);
        }
    }

    /** True when the inner pattern renders the exception, so the layout does not append it a second time unscrubbed. */
    @Override
    public boolean handlesThrowable() {
        return rendersThrowable;
    }
}
