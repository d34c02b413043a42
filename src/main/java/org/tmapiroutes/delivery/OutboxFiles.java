package org.tmapiroutes.delivery;

import java.nio.file.Path;
import java.time.LocalDateTime;
import org.tmapiroutes.files.FileNames;
import org.tmapiroutes.files.TextFiles;


/**
 * Writes the product's output files into {@code <data.dir>/outbox/}: {@code <folder>/<base>-<yyyyMMdd-HHmmss>.csv}
 * under a name no earlier output has (a counter is added when needed), never overwriting, never half-written.
 */
public final class OutboxFiles {

    /** Header naming the output file written, for the route's own steps and logs. */
    public static final String OUTBOX_FILE = "TmapiOutboxFile";

    private final Path outbox;

    public OutboxFiles(Path dataDir) {
        this.outbox = dataDir.resolve("outbox");
    }

    /**
     * @param folder  the folder under the outbox, e.g. the endpoint id or {@code .sftp-pending}
     * @param base    the start of the name, e.g. the input file's name without extension
     * @param alsoIn  folders whose names must not be taken either (where files move once delivered)
     */
    public Path writeCsv(String folder, String base, byte[] content, String... alsoIn) {
        Path target = outbox.resolve(folder);
        Path[] folders = new Path[alsoIn.length + 1];
        folders[0] = target;
        for (int i = 0; i < alsoIn.length; i++) {
            folders[i + 1] = outbox.resolve(alsoIn[i]);
        }
        String name = FileNames.free(base + "-" + FileNames.stamp(LocalDateTime.now()), ".csv", folders);
        return TextFiles.writeNew(target.resolve(name), content);
    }
}
