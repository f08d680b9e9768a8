package io.rootfs.nativedeb;

import io.rootfs.core.RootfsException;
import io.rootfs.core.json.JsonReader;
import io.rootfs.core.json.JsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resolved package set, written next to the pom (apko's lock file is the model): per package
 * its name, version, architecture, SHA-256 and path in the archive, sorted by name. Built with
 * {@code rootfs.locked=true}, exactly that set is installed: each entry must still be in the
 * mirror's index at that version with that hash, else the build fails naming what moved on and
 * how to reach it (a snapshot archive as {@code rootfs.mirror}).
 */
public final class LockFile {
    static final int FORMAT = 1;

    private LockFile() {
    }

    /** One locked package. */
    public record Entry(String name, String version, String architecture, String sha256, String filename) {
    }

    /** Writes the set, sorted by name, with the suite and mirror it was resolved from and the packages asked for. */
    public static void write(Path file, String mirror, String suite, List<String> asked, List<DebPackage> packages)
            throws IOException {
        List<Object> entries = new ArrayList<>();
        packages.stream().sorted(java.util.Comparator.comparing(DebPackage::name)).forEach(p -> entries.add(
                JsonWriter.object("name", p.name(), "version", p.version().toString(), "architecture", p.architecture(),
                        "sha256", p.sha256(), "path", p.filename())));
        Files.writeString(file, JsonWriter.write(JsonWriter.object("lockfile-version", FORMAT, "mirror", mirror, "suite",
                suite, "asked", List.copyOf(new java.util.TreeSet<>(asked)), "packages", entries)));
    }

    /** @throws RootfsException naming the file when it is not a lock file this version reads */
    public static List<Entry> read(Path file) {
        try {
            Map<String, Object> lock = JsonReader.asObject(JsonReader.read(Files.readString(file)));
            if (!(lock.get("lockfile-version") instanceof Number n) || n.intValue() != FORMAT) {
                throw new IllegalArgumentException("lockfile-version is not " + FORMAT);
            }
            List<Entry> entries = new ArrayList<>();
            for (Object o : (List<?>) lock.get("packages")) {
                Map<String, Object> e = JsonReader.asObject(o);
                Entry entry = new Entry((String) e.get("name"), (String) e.get("version"), (String) e.get("architecture"),
                        (String) e.get("sha256"), (String) e.get("path"));
                if (entry.name() == null || !entry.name().matches("[a-z0-9][a-z0-9.+-]*") || entry.sha256() == null
                        || !entry.sha256().matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException("an entry without a package name or SHA-256: " + e);
                }
                DebianVersion.parse(entry.version());
                entries.add(entry);
            }
            return entries;
        } catch (IOException e) {
            throw RootfsException.input("Cannot read the lock file " + file + ": " + e.getMessage()
                    + ". Build once without rootfs.locked to write it.");
        } catch (RuntimeException e) {
            throw RootfsException.input("The lock file " + file + " is damaged: " + e.getMessage()
                    + ". Restore it from version control, or build without rootfs.locked to write a new one.");
        }
    }

    /**
     * Refuses a lock file resolved for other packages than this build asks for: installing it
     * would silently give another guest.
     */
    public static void checkAsked(Path file, List<String> asked) {
        Object recorded;
        try {
            recorded = JsonReader.asObject(JsonReader.read(Files.readString(file))).get("asked");
        } catch (IOException | RuntimeException e) {
            throw RootfsException.input("Cannot read the lock file " + file + ": " + e.getMessage()
                    + ". Build once without rootfs.locked to write it.");
        }
        List<String> wanted = List.copyOf(new java.util.TreeSet<>(asked));
        if (!(recorded instanceof List<?> list) || !list.equals(wanted)) {
            throw RootfsException.input("rootfs.locked=true, but the lock file " + file + " was resolved for the packages "
                    + recorded + ", and this build asks for " + wanted + ". Build without rootfs.locked to resolve the"
                    + " new set and update the lock file, or ask for the locked packages again.");
        }
    }

    /**
     * The locked set, taken from the index: every entry at its version, with its hash.
     *
     * @throws RootfsException naming each entry the mirror no longer has, and the way out
     */
    public static List<DebPackage> installable(List<Entry> locked, PackageIndex index, String mirror) {
        List<DebPackage> set = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        for (Entry e : locked) {
            DebianVersion version = DebianVersion.parse(e.version());
            DebPackage match = index.all(e.name()).stream().filter(p -> p.version().toString().equals(version.toString())
                    && p.architecture().equals(e.architecture())).findFirst().orElse(null);
            if (match == null) {
                gone.add(e.name() + " " + e.version() + " (the mirror has " + index.candidate(e.name())
                        .map(p -> p.version().toString()).orElse("none") + ")");
            } else if (!match.sha256().equals(e.sha256())) {
                gone.add(e.name() + " " + e.version() + " (the mirror's file has another SHA-256 than the lock file's)");
            } else {
                set.add(match);
            }
        }
        if (!gone.isEmpty()) {
            throw RootfsException.input("rootfs.locked=true, but the mirror " + mirror + " no longer has what the lock"
                    + " file names: " + String.join(", ", gone) + ". Point rootfs.mirror at a snapshot of the archive from"
                    + " when it was written (for Debian: a snapshot archive URL with that date), or build without"
                    + " rootfs.locked to update the lock file.");
        }
        return set;
    }
}
