package org.tmapiroutes.tmapi;

/**
 * The program is stopping (or the job was taken over by another instance): no new TMAPI request goes out for it. The
 * job is left to resume from its last recorded page, at the next start or on the other instance; this is not a failure
 * of the query.
 */
public final class TmapiStoppedException extends RuntimeException {

    public TmapiStoppedException() {
        this("the program is stopping: no new TMAPI request is sent");
    }

    /** @param reason why this job goes no further here, e.g. another instance took it over */
    public TmapiStoppedException(String reason) {
        super(reason, null, false, false);
    }
}
