package org.tmapiroutes.tmapi;

/**
 * The program is stopping: no new TMAPI request goes out. The job that wanted it is left to resume at the next start,
 * from its last recorded page; this is not a failure of the query.
 */
public final class TmapiStoppedException extends RuntimeException {

    public TmapiStoppedException() {
        super("the program is stopping: no new TMAPI request is sent", null, false, false);
    }
}
