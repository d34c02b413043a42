package org.tmapiroutes.job;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.tmapiroutes.item.ProductRow;

/**
 * A job's unfinished output: the products of its pages as they arrive, one file per query
 * ({@code <data.dir>/state/jobs/<job-id>/<query>.jsonl}, a JSON line per product), each page appended and forced to
 * disk before the store records where it ends. What lies after the last recorded end (a page appended when the program
 * was killed) is cut off before the next page is appended, so the file always holds exactly the recorded pages.
 */
final class UnfinishedRows {

    private final Path root;

    UnfinishedRows(Path dataDir) {
        this.root = dataDir.resolve("state").resolve("jobs");
    }

    /**
     * Appends a page's products after the query's last recorded page.
     *
     * @param recordedEnd where the query's last recorded page ends (0 before its first)
     * @return where this page ends, to be recorded
     */
    long append(long jobId, int query, long recordedEnd, List<ProductRow> rows) {
        Path file = file(jobId, query);
        byte[] bytes = JobCodec.rows(rows);
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                if (channel.size() != recordedEnd) {
                    channel.truncate(recordedEnd);
                }
                channel.position(recordedEnd);
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
            return recordedEnd + bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the fetched products in " + file.getParent() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The products of a query's recorded pages, read as they are asked for. */
    Iterable<ProductRow> rows(long jobId, int query, long recordedEnd) {
        Path file = file(jobId, query);
        return () -> {
            if (recordedEnd == 0 || !Files.exists(file)) {
                return Collections.emptyIterator();
            }
            InputStream in = open(file, recordedEnd);
            try {
                return JobCodec.rows(in);
            } catch (IOException e) {
                try {
                    in.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        };
    }

    /** How many products a query's recorded pages hold: the lines up to where its last recorded page ends. */
    int count(long jobId, int query, long recordedEnd) {
        Path file = file(jobId, query);
        if (recordedEnd == 0 || !Files.exists(file)) {
            return 0;
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            int lines = 0;
            for (long read = 0; read < recordedEnd; read++) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                if (b == '\n') {
                    lines++;
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fetched products in " + file.getParent() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The job is delivered: its unfinished output goes. */
    void delete(long jobId) {
        Path folder = root.resolve(String.valueOf(jobId));
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + folder + ": " + e.getMessage(), e);
        }
    }

    private Path file(long jobId, int query) {
        return root.resolve(String.valueOf(jobId)).resolve(query + ".jsonl");
    }

    /** The file up to the end recorded. */
    private static InputStream open(Path file, long end) {
        try {
            InputStream in = Files.newInputStream(file);
            InputStream limited = new InputStream() {
                private long left = end;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = in.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = in.read(buffer, offset, (int) Math.min(length, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
            return limited;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
