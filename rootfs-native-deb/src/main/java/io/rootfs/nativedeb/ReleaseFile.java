package io.rootfs.nativedeb;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The signed text of a repository's InRelease: its suite, dates, and the SHA-256 and size of every
 * index file it lists, which each fetched index is checked against.
 */
public record ReleaseFile(String suite, String codename, Instant date, Instant validUntil, Map<String, Entry> sha256) {

    /** An index file's size and SHA-256. */
    public record Entry(String sha256, long size) {
    }

    /** @throws IllegalArgumentException when the text is no Release file */
    public static ReleaseFile parse(String text) {
        Map<String, String> fields = new HashMap<>();
        ControlParagraphs.read(new BufferedReader(new StringReader(text)), null, p -> {
            if (fields.isEmpty()) {
                fields.putAll(p);
            }
        });
        String sums = fields.get("SHA256");
        if (sums == null) {
            throw new IllegalArgumentException("no SHA256 field: the index files cannot be checked");
        }
        Map<String, Entry> entries = new HashMap<>();
        for (String line : sums.split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 3 && parts[0].matches("[0-9a-f]{64}")) {
                entries.put(parts[2], new Entry(parts[0], Long.parseLong(parts[1])));
            } else if (!line.isBlank()) {
                throw new IllegalArgumentException("SHA256 line is not 'hash size path': " + line.strip());
            }
        }
        return new ReleaseFile(fields.get("Suite"), fields.get("Codename"), date(fields.get("Date")),
                date(fields.get("Valid-Until")), Map.copyOf(entries));
    }

    public Optional<Entry> entry(String path) {
        return Optional.ofNullable(sha256.get(path));
    }

    /** Release dates are RFC 2822 dates, in UTC (some archives write "UTC", which RFC 1123 does not know). */
    static Instant date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.strip().replaceFirst(" UTC$", " GMT"), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 2822 date: " + value, e);
        }
    }
}
