package io.rootfs.core.script;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the distro scripts settled on (OS_NAME, OS_VERSION, PACKAGES, ...), as the driver wrote it. */
public record BuildReport(Map<String, String> values) {
    /**
     * The variables of config.sh the driver writes back (the driver reads this list from
     * ROOTFS_REPORT_VARIABLES), besides INSTALLED_PACKAGES, which it counts. REPO_INDEX_URL is the file
     * every repository of the distro must have, as the driver probed it, for the up-to-date check.
     */
    public static final List<String> VARIABLES = List.of("OS_NAME", "OS_VERSION", "PACKAGES", "EXTRA_PKGS",
            "REPO_INDEX_URL");
    private static final long MAX_SIZE = 1 << 20;
    /**
     * Where a backend that builds in steps of its own (the native one) says how long each took:
     * {@code index=0.912 resolve=0.118 ...}, seconds.
     */
    public static final String PHASES = "ROOTFS_PHASES";

    /** The report is written by the scripts: read only as a plain file of modest size, never through a link. */
    public static BuildReport read(Path file) {
        Map<String, String> values = new HashMap<>();
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_SIZE) {
                throw new IOException("it is not a plain file of at most " + MAX_SIZE + " bytes");
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw RootfsException.environment("The build script ended without writing " + file + ": " + e.getMessage(), e);
        }
        return new BuildReport(values);
    }

    public String get(String name) {
        return values.getOrDefault(name, "");
    }

    /** The backend's own steps and their seconds, in order; empty when it reported none. */
    public java.util.Map<String, Double> phases() {
        java.util.Map<String, Double> phases = new java.util.LinkedHashMap<>();
        for (String w : words(PHASES)) {
            int eq = w.indexOf('=');
            if (eq > 0 && w.substring(0, eq).matches("[a-z-]{1,32}")) {
                try {
                    phases.put(w.substring(0, eq), Double.parseDouble(w.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    // not a phase
                }
            }
        }
        return phases;
    }

    public List<String> words(String name) {
        List<String> words = new ArrayList<>();
        for (String w : get(name).split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }
}
