package org.tmapiroutes.tmapi;

import java.time.Instant;

/**
 * The program is stopping (or the job was taken over by another instance, or a 439 pause began): no new TMAPI request
 * goes out for it. The job is left to resume from its last recorded page, at the next start, on the other instance or
 * once the pause ends; this is not a failure of the query.
 */
public final class TmapiStoppedException extends RuntimeException {

    private final boolean atPause;

    public TmapiStoppedException() {
        this("the program is stopping: no new TMAPI request is sent");
    }

    /** @param reason why this job goes no further here, e.g. another instance took it over */
    public TmapiStoppedException(String reason) {
        this(reason, false);
    }

    private TmapiStoppedException(String reason, boolean atPause) {
        super(reason, null, false, false);
        this.atPause = atPause;
    }

    /** A job's query leaves at a 439 pause rather than wait in it: its job resumes once the pause ends. */
    static TmapiStoppedException atPause(Instant until) {
        return new TmapiStoppedException("TMAPI calls are paused (439) until " + until
                + ": the job resumes from its last recorded page when the pause ends", true);
    }

    /** Whether a 439 pause, not a stop or a takeover, ended the job's run here. */
    public boolean atPause() {
        return atPause;
    }
}
