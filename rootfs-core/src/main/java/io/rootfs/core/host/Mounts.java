package io.rootfs.core.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The mounts a distro tool makes inside the tree it builds ({@code /proc}, {@code /sys},
 * {@code /dev/pts}, ...): found in this process's mount table, and taken down deepest first when
 * a build was interrupted or crashed before its tool could do so.
 */
public final class Mounts {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private final Path table;

    public Mounts() {
        this(MOUNTINFO);
    }

    /** Reads another mount table (tests give a copy). */
    public Mounts(Path table) {
        this.table = table;
    }

    /** Mount points at or below {@code folder}, deepest first. */
    public List<Path> under(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        List<Path> found = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.exists(table) ? Files.readAllLines(table) : List.of();
        } catch (IOException e) {
            return List.of();
        }
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                Path point = Path.of(unescape(fields[4]));
                if (point.startsWith(root) && !found.contains(point)) {
                    found.add(point);
                }
            }
        }
        found.sort(Comparator.comparingInt(Path::getNameCount).reversed().thenComparing(Comparator.reverseOrder()));
        return found;
    }

    /**
     * Unmounts everything at or below {@code folder}, deepest first; a mount still busy is detached
     * lazily ({@code umount -l}), so the folder can be removed. Returns what could not be unmounted.
     */
    public List<Path> unmountUnder(Path folder) {
        List<Path> left = new ArrayList<>();
        for (Path point : under(folder)) {
            try {
                HostCommand.run("umount", "--", point.toString());
            } catch (IOException busy) {
                try {
                    HostCommand.run("umount", "-l", "--", point.toString());
                } catch (IOException e) {
                    left.add(point);
                }
            }
        }
        return left;
    }

    /** The kernel writes space, tab, newline and backslash in mount points as octal escapes. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
