package io.rootfs.core.sbom;

import io.rootfs.core.tree.GuestPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the guest's own package database says is installed: dpkg's status file, apk's installed
 * database, or the rpm database (read with the host's rpm). Sorted by name, so the same guest
 * lists the same way.
 */
public final class PackageDatabase {
    private PackageDatabase() {
    }

    /** @return the packages, or an empty list when the guest has no database this knows */
    public static List<GuestPackage> read(Path tree, String distro, String release) throws IOException {
        GuestPath guest = new GuestPath(tree);
        Path dpkg = guest.resolve("/var/lib/dpkg/status");
        Path apk = guest.resolve("/lib/apk/db/installed");
        Path rpm = guest.resolve("/var/lib/rpm");
        List<GuestPackage> found = new ArrayList<>();
        if (Files.isRegularFile(dpkg, LinkOption.NOFOLLOW_LINKS)) {
            for (Map<String, String> p : stanzas(Files.readString(dpkg, StandardCharsets.UTF_8), ":")) {
                if (p.getOrDefault("Status", "").endsWith(" installed")) {
                    found.add(new GuestPackage("deb", distro, release, p.get("Package"), p.get("Version"),
                            p.getOrDefault("Architecture", "")));
                }
            }
        } else if (Files.isRegularFile(apk, LinkOption.NOFOLLOW_LINKS)) {
            for (Map<String, String> p : stanzas(Files.readString(apk, StandardCharsets.UTF_8), ":")) {
                if (p.containsKey("P")) {
                    found.add(new GuestPackage("apk", distro, release, p.get("P"), p.get("V"), p.getOrDefault("A", "")));
                }
            }
        } else if (Files.isDirectory(rpm, LinkOption.NOFOLLOW_LINKS)) {
            found.addAll(rpm(tree, distro, release));
        }
        found.sort(Comparator.comparing(GuestPackage::name).thenComparing(GuestPackage::arch));
        return found;
    }

    /** Deb822-style paragraphs (and apk's one-letter ones), continuation lines dropped. */
    static List<Map<String, String>> stanzas(String text, String separator) {
        List<Map<String, String>> all = new ArrayList<>();
        Map<String, String> current = new HashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                if (!current.isEmpty()) {
                    all.add(current);
                    current = new HashMap<>();
                }
            } else if (!line.startsWith(" ") && !line.startsWith("\t") && line.contains(separator)) {
                int at = line.indexOf(separator);
                current.putIfAbsent(line.substring(0, at), line.substring(at + separator.length()).trim());
            }
        }
        if (!current.isEmpty()) {
            all.add(current);
        }
        return all;
    }

    private static List<GuestPackage> rpm(Path tree, String distro, String release) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("rpm", "--root", tree.toString(), "--dbpath", "/var/lib/rpm", "-qa", "--qf",
                    "%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n").redirectErrorStream(false).start();
        } catch (IOException e) {
            return List.of(); // no rpm on this machine: the list stays empty, and says so by being empty
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<GuestPackage> found = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 5 && !f[0].equals("gpg-pubkey")) {
                String version = (f[1].equals("0") ? "" : f[1] + ":") + f[2] + "-" + f[3];
                found.add(new GuestPackage("rpm", distro, release, f[0], version, f[4]));
            }
        }
        return found;
    }
}
