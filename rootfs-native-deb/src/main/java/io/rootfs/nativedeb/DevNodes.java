package io.rootfs.nativedeb;

import io.rootfs.core.tree.GuestPath;
import io.rootfs.core.tree.TreeEntry;
import io.rootfs.core.tree.TreeEntry.Type;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /dev} a Debian tree gets before its maintainer scripts run, as mmdebstrap makes it:
 * the character devices every script may open, the {@code fd} and standard stream links, and
 * the {@code pts} and {@code shm} folders. As root they are real nodes (made by the guest's
 * mknod in the chroot); without root they are empty files the host's devices are bound onto
 * while the scripts run, and the manifest holds them as the devices they stand for.
 */
final class DevNodes {
    /** name, major, minor */
    private static final List<Object[]> CHAR = List.of(new Object[] {"console", 5, 1}, new Object[] {"full", 1, 7},
            new Object[] {"null", 1, 3}, new Object[] {"ptmx", 5, 2}, new Object[] {"random", 1, 8},
            new Object[] {"tty", 5, 0}, new Object[] {"urandom", 1, 9}, new Object[] {"zero", 1, 5});
    private static final List<String[]> LINKS = List.of(new String[] {"fd", "/proc/self/fd"},
            new String[] {"stdin", "/proc/self/fd/0"}, new String[] {"stdout", "/proc/self/fd/1"},
            new String[] {"stderr", "/proc/self/fd/2"});

    /** coreutils' mknod, by its full path: this runs as root. */
    private static final String MKNOD = java.nio.file.Files.isExecutable(Path.of("/usr/bin/mknod")) ? "/usr/bin/mknod"
            : "/bin/mknod";

    private DevNodes() {
    }

    /** Makes the links, folders and (without root) the placeholders; returns the entries for the manifest. */
    static List<TreeEntry> prepare(Path tree, boolean root, long mtime) throws IOException {
        GuestPath guest = new GuestPath(tree);
        List<TreeEntry> entries = new ArrayList<>();
        for (String dir : List.of("dev/pts", "dev/shm")) {
            guest.mkdirs(dir);
        }
        for (String[] link : LINKS) {
            if (!guest.exists("dev/" + link[0])) {
                guest.link("dev/" + link[0], link[1]);
            }
        }
        for (Object[] c : CHAR) {
            String name = "dev/" + c[0];
            if (!root && !guest.exists(name)) {
                guest.write(name, "");
            }
            entries.add(new TreeEntry(name, Type.CHAR_DEVICE, 0666, 0, 0, (Integer) c[1], (Integer) c[2], "", mtime, 0));
        }
        return entries;
    }

    /**
     * Makes the nodes with this machine's {@code mknod} (as root, when no script runs in the tree:
     * the declarative path).
     */
    static void mknod(Path tree) throws IOException {
        GuestPath guest = new GuestPath(tree);
        for (Object[] c : CHAR) {
            Path node = guest.parentResolved("dev/" + c[0]);
            java.nio.file.Files.deleteIfExists(node);
            Process p = new ProcessBuilder(MKNOD, "-m", "666", node.toString(), "c", c[1].toString(), c[2].toString())
                    .redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IOException("mknod " + node + " failed: " + out.strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted making " + node, e);
            }
        }
    }

    /** The guest's shell lines that make the nodes, run first in the chroot as root. */
    static String mknodLines() {
        StringBuilder s = new StringBuilder();
        for (Object[] c : CHAR) {
            s.append("[ -c /dev/").append(c[0]).append(" ] || { rm -f /dev/").append(c[0]).append("; mknod -m 666 /dev/")
                    .append(c[0]).append(" c ").append(c[1]).append(' ').append(c[2]).append("; }\n");
        }
        return s.toString();
    }
}
