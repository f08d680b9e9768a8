package io.rootfs.core.distro;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain assignments of a Kata {@code config.sh}, read as text so that {@code list} and the
 * preflight checks need not run the script. {@code X=${X:-default}} yields the default.
 */
public final class ConfigSh {
    private static final Pattern ASSIGNMENT =
            Pattern.compile("^\\s*(?:export\\s+|readonly\\s+|declare\\s+(?:-\\w+\\s+)?)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$");
    private static final Pattern DEFAULTED = Pattern.compile("^\\$\\{([A-Za-z_][A-Za-z0-9_]*):?[-=](.*)}$");

    private final Map<String, String> values;

    private ConfigSh(Map<String, String> values) {
        this.values = values;
    }

    /** A config.sh is a small script; anything larger than this is not one. */
    static final int MAX_SIZE = 1 << 20;

    public static ConfigSh read(Path configSh) {
        try (InputStream in = Files.newInputStream(configSh)) {
            return parse(text(in.readNBytes(MAX_SIZE + 1), configSh.toString()));
        } catch (IOException e) {
            throw RootfsException.environment("Cannot read " + configSh + ": " + e.getMessage(), e);
        }
    }

    /**
     * The text of a config.sh: at most {@value #MAX_SIZE} bytes, and bytes that are not UTF-8 (a
     * Latin-1 comment) read as replacement characters rather than failing.
     */
    static String text(byte[] bytes, String what) {
        if (bytes.length > MAX_SIZE) {
            throw RootfsException.input(what + " is larger than " + (MAX_SIZE >> 10) + " KiB: not a config.sh");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads top-level assignments; the first one of a name wins, as a script's defaults come first. */
    public static ConfigSh parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(" ") || line.startsWith("\t")) {
                continue; // inside a block: conditional, not the default
            }
            Matcher m = ASSIGNMENT.matcher(line);
            if (m.matches()) {
                values.putIfAbsent(m.group(1), unquote(stripComment(m.group(2).trim())));
            }
        }
        return new ConfigSh(values);
    }

    private static String stripComment(String value) {
        int hash = value.indexOf(" #");
        return hash < 0 ? value : value.substring(0, hash).trim();
    }

    private static String unquote(String value) {
        String v = value;
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
        }
        Matcher d = DEFAULTED.matcher(v);
        if (d.matches()) {
            v = unquote(d.group(2));
        }
        return v;
    }

    public String get(String name) {
        return values.getOrDefault(name, "");
    }

    /** A bash array assignment {@code NAME=( a b )} as its words. */
    public List<String> array(String name) {
        String v = get(name).trim();
        if (v.startsWith("(") && v.endsWith(")")) {
            v = v.substring(1, v.length() - 1);
        }
        List<String> words = new ArrayList<>();
        for (String w : v.replace("\"", "").replace("'", "").trim().split("\\s+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    public String osVersion() {
        return get("OS_VERSION");
    }

    public String initProcess() {
        String init = get("INIT_PROCESS");
        return init.isEmpty() ? "systemd" : init;
    }

    public List<String> archExcludeList() {
        return array("ARCH_EXCLUDE_LIST");
    }
}
