package io.rootfs.core.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Debian mirror this machine's apt already uses: the first {@code deb} source for a main suite
 * (not -security, -updates or -backports) in {@code sources.list.d/*.sources} (deb822) or
 * {@code sources.list} (one-line form).
 */
public final class HostAptSources {
    private final Path etcApt;

    public HostAptSources() {
        this(Path.of("/etc/apt"));
    }

    public HostAptSources(Path etcApt) {
        this.etcApt = etcApt;
    }

    /** The files read, for messages. */
    public String probed() {
        return etcApt.resolve("sources.list.d") + "/*.sources, " + etcApt.resolve("sources.list.d") + "/*.list, "
                + etcApt.resolve("sources.list");
    }

    public Optional<String> mirror() {
        List<Path> files = new ArrayList<>();
        Path dir = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(f -> f.toString().endsWith(".sources") || f.toString().endsWith(".list")).sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        files.add(etcApt.resolve("sources.list"));
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            try {
                String text = Files.readString(f);
                Optional<String> found = f.toString().endsWith(".sources") ? fromDeb822(text) : fromOneLine(text);
                if (found.isPresent()) {
                    return found;
                }
            } catch (IOException e) {
                // an unreadable file is skipped like a missing one; probed() names it in the error
            }
        }
        return Optional.empty();
    }

    static Optional<String> fromDeb822(String text) {
        for (String stanza : text.split("\\n\\s*\\n")) {
            String types = field(stanza, "Types");
            String uris = field(stanza, "URIs");
            String suites = field(stanza, "Suites");
            String enabled = field(stanza, "Enabled");
            if (!List.of(types.split("\\s+")).contains("deb") || uris.isEmpty() || "no".equalsIgnoreCase(enabled)) {
                continue;
            }
            for (String suite : suites.split("\\s+")) {
                if (isMainSuite(suite)) {
                    return Optional.of(uris.split("\\s+")[0]);
                }
            }
        }
        return Optional.empty();
    }

    static Optional<String> fromOneLine(String text) {
        for (String raw : text.split("\n")) {
            String line = raw.replaceAll("\\[[^]]*]", " ").trim();
            String[] w = line.split("\\s+");
            if (w.length >= 3 && w[0].equals("deb") && isMainSuite(w[2])) {
                return Optional.of(w[1]);
            }
        }
        return Optional.empty();
    }

    private static boolean isMainSuite(String suite) {
        return !suite.isEmpty() && !suite.contains("-security") && !suite.endsWith("-updates")
                && !suite.endsWith("-backports") && !suite.contains("/");
    }

    private static String field(String stanza, String name) {
        for (String line : stanza.split("\n")) {
            if (!line.startsWith("#") && line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "";
    }
}
