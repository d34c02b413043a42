package org.tmapiroutes.delivery;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;

/**
 * Renders a report's mail from its Mustache template (mustache.java, which escapes HTML in every {@code {{...}}}).
 * The file is read at every report, so a saved edit applies to the next mail; the template sees the report as
 * {@code body}.
 */
public final class ReportTemplates {

    public String render(String templateFile, Object report) {
        Path file = Path.of(templateFile);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            // a new factory each time: mustache.java caches compiled templates per factory
            Mustache template = new DefaultMustacheFactory(file.toAbsolutePath().getParent().toFile())
                    .compile(reader, file.getFileName().toString());
            StringWriter out = new StringWriter();
            template.execute(out, Map.of("body", report));
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report template " + file + ": " + e.getMessage(), e);
        }
    }
}
