package io.rootfs.nativedeb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
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
        // the value of the field being read, when it is kept: continuation lines appended, not concatenated
        // one by one (InRelease's SHA256 field has 600 of them: that was 50 MB of copies a parse)
        StringBuilder value = null;
        int number = 0;
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    put(paragraph, field, value);
                    if (!paragraph.isEmpty()) {
                        sink.accept(paragraph);
                        paragraph = new LinkedHashMap<>();
                    }
                    field = null;
                    value = null;
                } else if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                    if (field == null) {
                        throw new IllegalArgumentException("line " + number + ": a continuation line with no field above it");
                    }
                    if (value != null) {
                        value.append('\n').append(line, 1, line.length());
                    }
                } else if (line.charAt(0) == '#') {
                    put(paragraph, field, value);
                    field = null;
                    value = null;
                } else {
                    put(paragraph, field, value);
                    value = null;
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("line " + number + ": no 'Field: value' (" + abbreviate(line) + ")");
                    }
                    field = line.substring(0, colon);
                    if (keep == null || keep.contains(field)) {
                        value = new StringBuilder(line.substring(colon + 1).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        put(paragraph, field, value);
        if (!paragraph.isEmpty()) {
            sink.accept(paragraph);
        }
    }

    /** A field read to its last continuation line, into its paragraph (a field given twice: the last value). */
    private static void put(Map<String, String> paragraph, String field, StringBuilder value) {
        if (value != null) {
            paragraph.put(field, value.toString());
        }
    }

    /**
     * The same reading, straight from bytes: only the values of the {@code keep} fields become
     * strings (a Packages file is mostly descriptions no build reads), so reading bookworm's index
     * makes a fraction of the garbage a line reader makes.
     */
    public static void read(InputStream in, Set<String> keep, Consumer<Map<String, String>> sink) throws IOException {
        read(in, keep, (fields, start, end) -> sink.accept(fields));
    }

    /** Where a paragraph lies in what was read: from its first line to the end of its last. */
    interface Located {
        void accept(Map<String, String> fields, long start, long end);
    }

    /** The byte reading, each paragraph given with its place in the stream. */
    static void read(InputStream in, Set<String> keep, Located sink) throws IOException {
        java.util.Objects.requireNonNull(keep, "the fields to keep");
        long base = 0; // the stream offset of buf[0]
        long start = -1;
        List<byte[]> names = keep.stream().map(k -> k.getBytes(StandardCharsets.US_ASCII)).toList();
        List<String> keys = keep.stream().toList();
        byte[] buf = new byte[1 << 16];
        int pos = 0;
        int end = 0;
        int number = 0;
        Map<String, String> paragraph = new LinkedHashMap<>();
        boolean inField = false;
        String kept = null;
        boolean eof = false;
        while (true) {
            int nl = -1;
            for (int i = pos; i < end; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            if (nl < 0 && !eof) {
                // refill: move the partial line to the front (a longer line than the buffer grows it)
                int rest = end - pos;
                if (rest == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                } else {
                    System.arraycopy(buf, pos, buf, 0, rest);
                }
                base += pos;
                pos = 0;
                end = rest;
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    eof = true;
                } else {
                    end += n;
                }
                continue;
            }
            int lineEnd = nl < 0 ? end : nl;
            if (lineEnd > pos && buf[lineEnd - 1] == '\r') {
                lineEnd--; // CRLF, as a line reader takes it
            }
            if (nl < 0 && pos == end) {
                break;
            }
            number++;
            int from = pos;
            pos = nl < 0 ? end : nl + 1;
            int last = lineEnd;
            while (last > from && (buf[last - 1] == '\r' || buf[last - 1] == ' ' || buf[last - 1] == '\t')) {
                last--;
            }
            if (last == from) {
                if (!paragraph.isEmpty()) {
                    sink.accept(paragraph, start, base + from);
                    paragraph = new LinkedHashMap<>();
                }
                start = -1;
                inField = false;
                kept = null;
            } else if (buf[from] == ' ' || buf[from] == '\t') {
                if (!inField) {
                    throw new IllegalArgumentException("line " + number + ": a continuation line with no field above it");
                }
                if (kept != null && paragraph.containsKey(kept)) {
                    paragraph.merge(kept, "\n" + new String(buf, from + 1, lineEnd - from - 1, StandardCharsets.UTF_8),
                            String::concat);
                }
            } else if (buf[from] == '#') {
                inField = false;
                kept = null;
            } else {
                int colon = -1;
                for (int i = from; i < last; i++) {
                    if (buf[i] == ':') {
                        colon = i;
                        break;
                    }
                }
                if (colon <= from) {
                    throw new IllegalArgumentException("line " + number + ": no 'Field: value' ("
                            + abbreviate(new String(buf, from, last - from, StandardCharsets.UTF_8)) + ")");
                }
                inField = true;
                kept = null;
                if (start < 0) {
                    start = base + from;
                }
                for (int k = 0; k < names.size(); k++) {
                    byte[] name = names.get(k);
                    if (name.length == colon - from && java.util.Arrays.equals(buf, from, colon, name, 0, name.length)) {
                        kept = keys.get(k);
                        paragraph.put(kept, new String(buf, colon + 1, lineEnd - colon - 1, StandardCharsets.UTF_8).strip());
                        break;
                    }
                }
            }
            if (nl < 0) {
                break;
            }
        }
        if (!paragraph.isEmpty()) {
            sink.accept(paragraph, start, base + end);
        }
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }
}
