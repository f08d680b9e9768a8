package io.rootfs.core.output;

import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.RootfsTree;
import io.rootfs.core.tree.TreeEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An ext4 file system of the tree, as Kata makes it (4096-byte blocks, 3 % reserved), without root
 * or a loop device: {@code mke2fs -d} copies the folder, then {@code debugfs} puts on every inode
 * what the manifest says (owners, modes, device nodes a build without root could not make) and the
 * build's time in place of the copy's change times. With a fixed UUID and hash seed, and
 * E2FSPROGS_FAKE_TIME for the file system's own times, the same tree gives the same bytes.
 */
final class Ext4Image {
    private Ext4Image() {
    }

    static void write(RootfsTree tree, Path file, long bytes, long epoch, UUID uuid, Path scratch) throws IOException {
        Map<String, String> env = Map.of("E2FSPROGS_FAKE_TIME", Long.toString(epoch));
        Files.deleteIfExists(file);
        Tools.run(env, "mke2fs", "-q", "-F", "-t", "ext4", "-b", "4096", "-m", "3", "-U", uuid.toString(), "-E",
                "hash_seed=" + uuid + ",root_owner=0:0", "-d", tree.folder().toString(), file.toString(),
                Long.toString(bytes / 4096));
        Path script = scratch.resolve("debugfs.commands");
        try (BufferedWriter w = Files.newBufferedWriter(script, StandardCharsets.UTF_8)) {
            for (TreeEntry e : tree.manifest().entries()) {
                String p = quoted(e);
                boolean onDisk = e.path().isEmpty()
                        || Files.exists(tree.folder().resolve(e.path()), LinkOption.NOFOLLOW_LINKS);
                if (!onDisk) {
                    if (!e.isDevice() && e.type() != TreeEntry.Type.FIFO) {
                        continue; // sockets: nothing to carry
                    }
                    // debugfs's mknod names an entry of the current folder, not a path
                    int slash = e.path().lastIndexOf('/');
                    w.write("cd \"/" + (slash < 0 ? "" : e.path().substring(0, slash)) + "\"\n");
                    w.write("mknod \"" + e.path().substring(slash + 1) + "\" " + (e.type() == TreeEntry.Type.FIFO ? "p"
                            : (e.type() == TreeEntry.Type.CHAR_DEVICE ? "c " : "b ") + e.major() + " " + e.minor()));
                    w.write("\ncd /");
                    w.newLine();
                }
                for (String field : List.of("uid " + e.uid(), "gid " + e.gid(), "mode 0" + Integer.toOctalString(
                        e.fullMode()), "mtime @" + e.mtime(), "atime @" + e.mtime(), "ctime @" + e.mtime(),
                        "crtime @" + e.mtime())) {
                    w.write("sif " + p + " " + field);
                    w.newLine();
                }
            }
            w.write("sif /lost+found ctime @" + epoch);
            w.newLine();
        }
        String out = Tools.run(env, "debugfs", "-w", "-f", script.toString(), file.toString());
        // debugfs reports a failed command and goes on: any line that is not its echo is an error
        List<String> errors = out.lines().filter(l -> !l.startsWith("debugfs") && !l.startsWith("Allocated inode:")
                && !l.isBlank()).limit(5).toList();
        if (!errors.isEmpty()) {
            throw new IOException("debugfs could not apply the manifest to " + file.getFileName() + ": "
                    + String.join("; ", errors));
        }
        Files.delete(script);
    }

    private static String quoted(TreeEntry e) {
        String p = "/" + e.path();
        if (p.contains("\"") || p.contains("\n")) {
            throw RootfsException.input("The guest has a file named " + p + ", which an ext4 image made with debugfs"
                    + " cannot name: rename it, or use rootfs.image.fs=erofs.");
        }
        return "\"" + p + "\"";
    }

    /**
     * The space an empty file system of {@code mib} MiB leaves for files (as df reports it, the
     * reserved blocks not counted): what Kata's size rule compares the tree against.
     */
    static long availableMiB(long mib, Path scratch) throws IOException {
        Path probe = scratch.resolve("size-probe.ext4");
        Files.deleteIfExists(probe);
        Tools.run(Map.of(), "mke2fs", "-q", "-F", "-t", "ext4", "-b", "4096", "-m", "3", probe.toString(),
                Long.toString(mib * 256));
        String header = Tools.run(Map.of(), "dumpe2fs", "-h", probe.toString());
        Files.delete(probe);
        long free = field(header, "Free blocks:");
        long reserved = field(header, "Reserved block count:");
        return (free - reserved) * 4096 / (1 << 20);
    }

    private static long field(String header, String name) {
        for (String line : header.split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim());
            }
        }
        throw new IllegalStateException("dumpe2fs printed no " + name);
    }
}
