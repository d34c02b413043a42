package org.tmapiroutes.app;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Quartz cron expressions for tests: one that fires exactly once, a few seconds from now. */
final class Crons {

    private Crons() {
    }

    static String onceIn(int seconds, ZoneId zone) {
        ZonedDateTime at = ZonedDateTime.now(zone).plusSeconds(seconds);
        return at.format(DateTimeFormatter.ofPattern("s m H d M '?' yyyy"));
    }
}
