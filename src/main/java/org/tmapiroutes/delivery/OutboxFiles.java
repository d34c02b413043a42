package org.tmapiroutes.delivery;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.tmapiroutes.files.FileNames;
import org.tmapiroutes.files.TextFiles;
import org.tmapiroutes.item.ProductRow;
import org.tmapiroutes.item.SourcingRecords;


/**
 * Writes the product's output files into {@code <data.dir>/outbox/}: {@code <folder>/<base>-<yyyyMMdd-HHmmss>.csv}
 * (and {@code .xlsx}, per {@code output.format}) under a name no earlier output has (a counter is added when needed),
 * never overwriting, never half-written.
 */
public final class OutboxFiles {

    /** Header naming the output file written (the files, comma-separated, when several), for the route's own steps and logs. */
    public static final String OUTBOX_FILE = "TmapiOutboxFile";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutboxFiles.class);

    private final Path outbox;
    private final ProductCsvWriter csv;
    private final ProductXlsxWriter xlsx;
    private final ShopifyCsvWriter shopify;

    public OutboxFiles(Path dataDir) {
        this(dataDir, new ShopifyCsvWriter(ShopifyPrices.DEFAULT, null));
    }

    /** @param shopify the Shopify export with its settings ({@code shopify.*}) */
    public OutboxFiles(Path dataDir, ShopifyCsvWriter shopify) {
        this.outbox = dataDir.resolve("outbox");
        this.csv = new ProductCsvWriter();
        this.xlsx = new ProductXlsxWriter();
        this.shopify = shopify;
    }

    /**
     * @param folder  the folder under the outbox, e.g. the endpoint id or {@code .sftp-pending}
     * @param base    the start of the name, e.g. the input file's name without extension
     * @param alsoIn  folders whose names must not be taken either (where files move once delivered)
     */
    public Path writeCsv(String folder, String base, byte[] content, String... alsoIn) {
        return writeCsv(folder, base, out -> out.write(content), alsoIn);
    }

    /** As {@link #writeCsv(String, String, byte[], String...)}, the content written to the file as it is made. */
    public Path writeCsv(String folder, String base, TextFiles.Content content, String... alsoIn) {
        Path target = outbox.resolve(folder);
        String name = freeName(target, base, List.of(OutputFormat.CSV), alsoIn);
        return TextFiles.writeNew(target.resolve(name + OutputFormat.CSV.extension()), content);
    }

    /**
     * The products in each of the formats, one file each under the same name ({@code best-20260101-080000.csv} and
     * {@code .xlsx}), each written under a temporary name and renamed.
     *
     * @param alwaysAdded added columns the files have even when no row holds them
     * @return the files written, in the order of the formats
     */
    public List<Path> writeProducts(String folder, String base, List<ProductRow> rows, List<String> alwaysAdded,
            List<OutputFormat> formats, String... alsoIn) {
        Path target = outbox.resolve(folder);
        String name = freeName(target, base, formats, alsoIn);
        List<Path> written = new ArrayList<>();
        for (OutputFormat format : formats) {
            Path file = target.resolve(name + format.extension());
            switch (format) {
                case CSV -> written.add(TextFiles.writeNew(file, out -> csv.write(rows, alwaysAdded, out)));
                case XLSX -> written.add(TextFiles.writeNew(file, out -> xlsx.write(rows, alwaysAdded, out)));
                case SHOPIFY -> written.addAll(writeShopify(file, folder, rows));
            }
        }
        return written;
    }

    /**
     * Like {@link #writeProducts(String, String, List, List, List, String...)} for products read as they are written
     * (a job's, from the state store), with the columns of the endpoint the folder is named after (§7's, or a §15
     * endpoint's) and then the added ones (an enrichment's): nothing is held in memory.
     */
    public List<Path> writeProducts(String folder, String base, Iterable<ProductRow> rows,
            List<OutputFormat> formats, List<String> added) {
        return writeRows(folder, base, rows, SourcingRecords.columns(folder), formats, added);
    }

    /**
     * Rows of any layout (the changes of a watch run, say) in each of the formats: the columns given, then the added
     * ones.
     */
    public synchronized List<Path> writeRows(String folder, String base, Iterable<ProductRow> rows,
            List<ProductRow.Column> columns, List<OutputFormat> formats, List<String> added) {
        Path target = outbox.resolve(folder);
        String name = freeName(target, base, formats);
        List<String> header = new ArrayList<>(columns.stream().map(ProductRow.Column::name).toList());
        header.addAll(added);
        Set<String> extras = new LinkedHashSet<>(added);
        List<Path> written = new ArrayList<>();
        for (OutputFormat format : formats) {
            Path file = target.resolve(name + format.extension());
            switch (format) {
                case CSV -> written.add(TextFiles.writeNew(file, out -> csv.write(rows, columns, extras, out)));
                case XLSX -> written.add(TextFiles.writeNew(file, out -> xlsx.writeSheet(rows, columns, header, out)));
                case SHOPIFY -> written.addAll(writeShopify(file, folder, rows));
            }
        }
        return written;
    }

    /**
     * The products as a Shopify file alone ({@code <base>-<stamp>-shopify.csv}), tagged with the flow, e.g. a catalog
     * push's upload; the note beside it too, when there is one.
     */
    public synchronized List<Path> writeShopify(String folder, String base, String flow, Iterable<ProductRow> rows,
            String... alsoIn) {
        Path target = outbox.resolve(folder);
        String name = freeName(target, base, List.of(OutputFormat.SHOPIFY), alsoIn);
        return writeShopify(target.resolve(name + OutputFormat.SHOPIFY.extension()), flow, rows);
    }

    /**
     * The products for Shopify's import, tagged with the folder they are written to (the endpoint or flow); a product
     * whose options had to be joined is said in a WARN line and in a note beside the file ({@code …-shopify.txt}),
     * which is one of the files returned.
     */
    private List<Path> writeShopify(Path file, String folder, Iterable<ProductRow> rows) {
        List<ShopifyCsvWriter.Note> notes = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        written.add(TextFiles.writeNew(file, out -> shopify.write(rows, List.of(folder), notes::add, out)));
        if (!notes.isEmpty()) {
            String csvName = file.getFileName().toString();
            // beside the file, unless that is a folder of files waiting for delivery: then in the flow's folder
            Path folderOfNote = file.getParent().getFileName().toString().startsWith(".")
                    ? outbox.resolve(folder) : file.getParent();
            Path note = folderOfNote.resolve(csvName.substring(0, csvName.length() - ".csv".length()) + ".txt");
            List<String> lines = new ArrayList<>();
            lines.add(csvName + ": " + notes.size() + (notes.size() == 1 ? " product" : " products")
                    + " with more option kinds than Shopify's three; every variant is in the file:");
            notes.forEach(n -> {
                lines.add(n.text());
                LOG.warn("{}: {}", csvName, n.text());
            });
            written.add(TextFiles.writeNew(note, out -> out.write((String.join("\n", lines) + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        }
        return written;
    }

    /** {@code <base>-<stamp>}, with a counter when any of the formats' files of that name exists. */
    private String freeName(Path target, String base, List<OutputFormat> formats, String... alsoIn) {
        Path[] folders = new Path[alsoIn.length + 1];
        folders[0] = target;
        for (int i = 0; i < alsoIn.length; i++) {
            folders[i + 1] = outbox.resolve(alsoIn[i]);
        }
        String stamped = base + "-" + FileNames.stamp(LocalDateTime.now());
        String name = stamped;
        for (int n = 2; taken(name, formats, folders); n++) {
            name = stamped + "-" + n;
        }
        return name;
    }

    private static boolean taken(String name, List<OutputFormat> formats, Path... folders) {
        return formats.stream().anyMatch(f -> !FileNames.free(name, f.extension(), folders).equals(name + f.extension()));
    }
}
