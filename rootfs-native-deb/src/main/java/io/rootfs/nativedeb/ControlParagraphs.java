package io.rootfs.nativedeb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Debian's control-file syntax (deb822): paragraphs of {@code Field: value} lines, continuation
 * lines starting with a blank, paragraphs separated by empty lines. A repository's Packages file
 * (50 MB for bookworm's main) is read as a stream, keeping only the fields asked for.
 */
public final class ControlParagraphs {
    private ControlParagraphs() {
    }

    /**
     * Reads every paragraph, handing each to {@code sink} with the fields in {@code keep} (all
     * fields when it is null). Field names are matched as written in Debian's archives.
     *
     * @throws IllegalArgumentException on a line that is neither a field nor a continuation, naming its number
     */
    public static void read(BufferedReader in, Set<String> keep, Consumer<Map<String, String>> sink) {
        Map<String, String> paragraph = new LinkedHashMap<>();
        String field = null;
        int number = 0;
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    if (!paragraph.isEmpty()) {
                        sink.accept(paragraph);
                        paragraph = new LinkedHashMap<>();
                    }
                    field = null;
                } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    if (field == null) {
                        throw new IllegalArgumentException("line " + number + ": a continuation line with no field above it");
                    }
                    if (paragraph.containsKey(field)) {
                        paragraph.merge(field, "\n" + line.substring(1), String::concat);
                    }
                } else if (line.charAt(0) == '#') {
                    field = null;
                } else {
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("line " + number + ": no 'Field: value' (" + abbreviate(line) + ")");
                    }
                    field = line.substring(0, colon);
                    if (keep == null || keep.contains(field)) {
                        paragraph.put(field, line.substring(colon + 1).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!paragraph.isEmpty()) {
            sink.accept(paragraph);
        }
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }
}
