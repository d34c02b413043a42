package org.tmapiroutes.job;

import java.nio.file.Path;

import org.tmapiroutes.store.JobStore;

/**
 * Where the input of an inbox job goes when the job ends; the inbox room keeps the folders and their rules, the runner
 * only says how the job ended.
 */
public interface InputArchive {

    /** Every query of the job succeeded: its input moves to {@code .done/}. */
    void done(JobStore.Job job);

    /**
     * Some queries failed: they are written to a {@code -failed.csv} to drop back as it is, and the input moves to
     * {@code .error/} with a report naming them and the outputs written.
     *
     * @param outputs the outbox files written, or {@code null} when none was
     * @return the {@code -failed.csv}
     */
    Path failed(JobStore.Job job, String outputs, long failures, Iterable<QueryFailure> failed);
}
