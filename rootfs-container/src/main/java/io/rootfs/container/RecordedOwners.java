package io.rootfs.container;

import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.TreeEntry.Type;
import io.rootfs.core.tree.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tree's owners, modes and devices as the container saw them, before they were handed to the
 * user Maven runs as: read from {@code stat} output and kept in the tree's recorded manifest, so
 * that a container build without root still gives root-owned outputs.
 */
final class RecordedOwners {
    /** The file in the scripts' folder that the container writes. */
    static final String FILE = "owners.stat";
    /** Raw mode (hex), uid, gid, major and minor (hex), mtime, size, name; NUL-terminated. */
    static final String STAT_FORMAT = "%f %u %g %t %T %Y %s %n\\0";

    private RecordedOwners() {
    }

    /** Converts what the container wrote into the recorded manifest; returns the number of entries. */
    static int convert(Path stat, Path recorded) {
        try {
            if (!Files.isRegularFile(stat, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("the container wrote no " + FILE);
            }
            List<TreeEntry> entries = new ArrayList<>();
            for (String record : Files.readString(stat, StandardCharsets.UTF_8).split("\0")) {
                if (record.isEmpty()) {
                    continue;
                }
                String[] f = record.split(" ", 8);
                int raw = Integer.parseInt(f[0], 16);
                String name = f[7].equals(".") ? "" : f[7].replaceFirst("^\\./", "");
                Type type = Type.ofMode(raw);
                entries.add(new TreeEntry(name, type, raw & 07777, Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                        Integer.parseInt(f[3], 16), Integer.parseInt(f[4], 16), "", Long.parseLong(f[5]),
                        Long.parseLong(f[6])));
            }
            Manifest.of(entries).write(recorded);
            Files.delete(stat);
            return entries.size();
        } catch (IOException | RuntimeException e) {
            throw RootfsException.environment("Cannot read the owners the build container recorded in " + stat + ": "
                    + e.getMessage(), e);
        }
    }
}
