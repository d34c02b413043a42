package org.tmapiroutes.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Names the files the product writes from the names users give it: sanitised, time-stamped where the contract says
 * so, and never the name of a file that already exists, so nothing is ever overwritten.
 */
public final class FileNames {

    public static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private FileNames() {
    }

    /** Names longer than this are shortened, keeping a short hash of the whole name so two stay apart. */
    public static final int LONGEST = 100;

    /**
     * A file name safe on every file system: letters and digits of any script, '.', '_' and '-'; nothing else, and
     * at most {@value #LONGEST} characters.
     */
    public static String sanitise(String name) {
        String safe = name.replaceAll("\\p{Cntrl}", "").replaceAll("[^\\p{L}\\p{N}._-]", "_")
                .replaceAll("^\\.+", "_");
        return shortened(safe.isEmpty() ? "input" : safe, name);
    }

    /** A name as logs, reports and mails show it: control characters removed, at most {@value #LONGEST} characters. */
    public static String display(String name) {
        return name == null ? "" : shortened(name.replaceAll("\\p{Cntrl}", ""), name);
    }

    private static String shortened(String name, String original) {
        if (name.length() <= LONGEST) {
            return name;
        }
        String extension = extension(name).length() <= 10 ? extension(name) : "";
        String hash = Integer.toHexString(original.hashCode() & 0x7fffffff);
        return name.substring(0, LONGEST - extension.length() - hash.length() - 1) + "~" + hash + extension;
    }

    /** The name without its extension: {@code orders.csv} gives {@code orders}. */
    public static String baseName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** The extension with its dot, or empty. */
    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot) : "";
    }

    public static String stamp(LocalDateTime time) {
        return STAMP.format(time);
    }

    /**
     * The first of {@code base + ext}, {@code base-2 + ext}, {@code base-3 + ext} … that exists in none of the folders.
     */
    public static String free(String base, String extension, Path... folders) {
        return free(base, extension, name -> false, folders);
    }

    /** As {@link #free(String, String, Path...)}, passing over the names {@code taken} refuses too. */
    public static String free(String base, String extension, Predicate<String> taken, Path... folders) {
        String candidate = base + extension;
        for (int n = 2; exists(candidate, folders) || taken.test(candidate); n++) {
            candidate = base + "-" + n + extension;
        }
        return candidate;
    }

    private static boolean exists(String name, Path... folders) {
        for (Path folder : folders) {
            if (Files.exists(folder.resolve(name)) || Files.exists(folder.resolve(name + ".error.txt"))) {
                return true;
            }
        }
        return false;
    }
}
