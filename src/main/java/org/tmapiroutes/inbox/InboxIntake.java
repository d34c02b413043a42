package org.tmapiroutes.inbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tmapiroutes.files.FileNames;
import org.tmapiroutes.job.JobCodec;
import org.tmapiroutes.job.JobRuns;
import org.tmapiroutes.store.FileClaims;
import org.tmapiroutes.store.JobStore;
import org.tmapiroutes.tmapi.TmapiQuery;

/**
 * Accepts a validated inbox file as a job: the file moves to {@code .processing/} and the job is recorded with its
 * queries in one step, so that from then on nothing of it is lost; a file left in {@code .processing/} that no job
 * names (the program stopped, or an instance died, between the move and the record) goes back to its inbox folder.
 */
public final class InboxIntake {

    private static final Logger LOG = LoggerFactory.getLogger(InboxIntake.class);

    private final JobStore store;
    private final Path dataDir;
    /** Whether other instances share the store and the data folder. */
    private final boolean shared;
    /** How long a file in {@code .processing/} no job names is left alone on a shared data folder. */
    private final Duration strayAfter;
    /** The inbox files claimed by the instances (the inbox routes' idempotent read lock). */
    private final FileClaims claims;
    /** The files in {@code .processing/} no job named, and when this instance first saw them so. */
    private final Map<Path, Instant> strays = new ConcurrentHashMap<>();

    /**
     * @param shared     whether other instances share the store and the data folder
     * @param strayAfter how long an instance may take between moving a file to {@code .processing/} and recording its
     *                   job, at most: a file no job names for longer, and not claimed, was left by an instance that
     *                   died in between
     * @param claims     the inbox files the instances have claimed
     */
    public InboxIntake(JobStore store, Path dataDir, boolean shared, Duration strayAfter, FileClaims claims) {
        this.store = store;
        this.dataDir = dataDir;
        this.shared = shared;
        this.strayAfter = strayAfter;
        this.claims = claims;
    }

    /**
     * Accepts the validated file (the body holds its queries): moves it to {@code .processing/} and records the job,
     * with the product condition of the flow that read it (its template's {@code where}); the body becomes the job's
     * id. A file another instance took first is left to it.
     */
    public void accept(Exchange exchange, String format) throws Exception {
        @SuppressWarnings("unchecked")
        List<TmapiQuery> queries = exchange.getMessage().getMandatoryBody(List.class);
        String endpointId = exchange.getProperty(InboxFiles.ENDPOINT, String.class);
        Path input = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PATH, String.class));
        Path folder = input.getParent();
        String original = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String safe = FileNames.sanitise(original);
        Path processing = folder.resolve(".processing");
        Files.createDirectories(processing);
        // its name in .processing/ is claimed until the job is recorded: no other instance moves a file to that name
        // meanwhile, and none takes the file for one an instance died with before recording it; a name another
        // instance holds is passed over for the next free one
        Path taken = processing.resolve(FileNames.free(FileNames.baseName(safe), FileNames.extension(safe),
                name -> !claims.add(claimOf(processing.resolve(name))), processing));
        try {
            try {
                Files.move(input, taken, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException gone) {
                LOG.debug("{} was taken by another instance", input);
                exchange.setRouteStop(true);
                return;
            }
            List<String> recorded = queries.stream().map(JobCodec::query).toList();
            long id;
            try {
                id = store.accept(new JobStore.NewJob(JobStore.Kind.INBOX, exchange.getFromRouteId(),
                        endpointId + " " + FileNames.display(original), endpointId, taken.toString(),
                        folder.toString(), FileNames.baseName(safe), format, InboxFiles.condition(exchange), original,
                        exchange.getProperty(InboxFiles.ENRICHMENT, String.class)),
                        recorded);
            } catch (RuntimeException e) {
                // not accepted: the file goes back where it was, and the failure sets it aside with the reason
                Files.move(taken, input, StandardCopyOption.ATOMIC_MOVE);
                throw e;
            }
            exchange.setProperty(JobRuns.JOB_ID, id);
            exchange.getMessage().setBody(id);
        } finally {
            claims.remove(claimOf(taken));
        }
    }

    /**
     * At start, before any inbox is read: a file left in {@code .processing/} that no unfinished job names was never
     * accepted (the program stopped between its move and its record); it goes back to its inbox folder.
     */
    public void returnUnaccepted() {
        if (!shared) {
            unrecorded(store.unfinishedInputs()).forEach(InboxIntake::returnToInbox);
        }
    }

    /**
     * Every few seconds on a shared data folder: a file in {@code .processing/} that no job has named for longer than
     * an instance takes to record one was left by an instance that died in between; it goes back to its inbox. (At
     * start this cannot be told at once: another instance may be recording it right now.) A look asks the store once
     * whatever the number of such files, and twice more when some are due to go back.
     */
    public void returnStrays() {
        if (!shared) {
            return;
        }
        Instant now = Instant.now();
        Set<Path> unrecorded = unrecorded(store.unfinishedInputs());
        strays.keySet().retainAll(unrecorded);
        List<Path> due = unrecorded.stream()
                .filter(file -> !strays.computeIfAbsent(file, f -> now).plus(strayAfter).isAfter(now)).toList();
        if (due.isEmpty()) {
            return;
        }
        // an instance accepting one right now holds the claim on its name from before the move until the job is
        // recorded; a job recorded since the first look names it now: either way it is not a stray, and is looked at
        // afresh
        Set<String> claimed = claims.liveAmong(due.stream().map(InboxIntake::claimOf).toList());
        Set<String> recorded = store.unfinishedInputs();
        for (Path file : due) {
            strays.remove(file);
            if (!claimed.contains(claimOf(file)) && !recorded.contains(file.toString())) {
                returnToInbox(file);
            }
        }
    }

    /** The claim on a name in {@code <inbox folder>/.processing/} while a file moves there and its job is recorded. */
    private static String claimOf(Path processingFile) {
        return processingFile.getParent().getParent().getFileName() + "/.processing/" + processingFile.getFileName();
    }

    /** The files in the inboxes' {@code .processing/} folders that none of these inputs of unfinished jobs names. */
    private Set<Path> unrecorded(Set<String> inputs) {
        Set<Path> unrecorded = new HashSet<>();
        Path inboxes = dataDir.resolve("inbox");
        if (!Files.isDirectory(inboxes)) {
            return unrecorded;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(inboxes, Files::isDirectory)) {
            for (Path folder : folders) {
                Path processing = folder.resolve(".processing");
                if (Files.isDirectory(processing)) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(processing, Files::isRegularFile)) {
                        for (Path file : files) {
                            if (!inputs.contains(file.toString())) {
                                unrecorded.add(file);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot look into {}: {}", inboxes, e.getMessage());
        }
        return unrecorded;
    }

    /** A file in {@code .processing/} that no unfinished job names was never accepted: it goes back to its inbox. */
    private static void returnToInbox(Path file) {
        Path folder = file.getParent().getParent();
        String name = file.getFileName().toString();
        try {
            Path back = folder.resolve(FileNames.free(FileNames.baseName(name), FileNames.extension(name), folder));
            Files.move(file, back, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("{} was not accepted before a stop: it is back in {}/", name, folder);
        } catch (NoSuchFileException gone) {
            LOG.debug("{} was returned by another instance", name);
        } catch (IOException e) {
            LOG.warn("{} could not go back to {}/: {}", name, folder, e.getMessage());
        }
    }
}
