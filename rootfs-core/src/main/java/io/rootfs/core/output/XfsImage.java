package io.rootfs.core.output;

import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.RootfsTree;
import io.rootfs.core.tree.TreeEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An xfs file system of the tree, as Kata makes it (4096-byte blocks, no reflink, so DAX works),
 * without root or a loop device: {@code mkfs.xfs -p} builds it from a proto file written from the
 * manifest (owners and device nodes included), then {@code xfs_db} sets every inode's mode and
 * times from the manifest and formats a clean log, so the same tree gives the same bytes. The
 * proto file cannot hold hard links: another name of a file becomes a copy.
 */
final class XfsImage {
    private XfsImage() {
    }

    static void write(RootfsTree tree, Path file, long bytes, long epoch, UUID uuid, Path scratch) throws IOException {
        Path proto = scratch.resolve("xfs.proto");
        writeProto(tree, proto);
        Files.deleteIfExists(file);
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), bytes - 1);
        }
        Tools.run(Map.of(), "mkfs.xfs", "-q", "-f", "-b", "size=4096", "-m", "reflink=0,uuid=" + uuid, "-p",
                proto.toString(), file.toString());
        // the realtime bitmap and summary inodes are made at mkfs time too: their times are mkfs's clock
        String sb = Tools.run(Map.of(), "xfs_db", "-r", "-f", "-c", "sb 0", "-c", "p rbmino rsumino", file.toString());
        Path commands = scratch.resolve("xfs_db.commands");
        try (BufferedWriter w = Files.newBufferedWriter(commands, StandardCharsets.UTF_8)) {
            for (String line : sb.split("\n")) {
                if (line.matches("(rbmino|rsumino) = \\d+")) {
                    w.write("inode " + line.replaceAll("\\D+", "") + "\n");
                    for (String time : List.of("atime", "mtime", "ctime")) {
                        w.write("write core." + time + ".sec " + epoch + "\nwrite core." + time + ".nsec 0\n");
                    }
                    w.write("write v3.crtime.sec " + epoch + "\nwrite v3.crtime.nsec 0\n");
                }
            }
            for (TreeEntry e : tree.manifest().entries()) {
                if (e.type() == TreeEntry.Type.SOCKET) {
                    continue;
                }
                w.write("path /" + e.path() + "\n");
                w.write("write core.mode 0" + Integer.toOctalString(e.fullMode()) + "\n");
                w.write("write core.uid " + e.uid() + "\nwrite core.gid " + e.gid() + "\n");
                for (String time : List.of("atime", "mtime", "ctime")) {
                    w.write("write core." + time + ".sec " + e.mtime() + "\nwrite core." + time + ".nsec 0\n");
                }
                w.write("write v3.crtime.sec " + e.mtime() + "\nwrite v3.crtime.nsec 0\n");
            }
            w.write("logformat\n");
        }
        String out = Tools.run(Map.of(), "xfs_db", "-x", "-f", "-c", "source " + commands, file.toString());
        List<String> errors = out.lines().filter(l -> !l.contains(" = ") && !l.isBlank()
                && !l.startsWith("Formatting the log")).limit(5).toList();
        if (!errors.isEmpty()) {
            throw new IOException("xfs_db could not apply the manifest to " + file.getFileName() + ": "
                    + String.join("; ", errors));
        }
        Files.delete(proto);
        Files.delete(commands);
    }

    /** mkfs.xfs's proto file: a line an entry, folders closed with $; names are space-separated words. */
    private static void writeProto(RootfsTree tree, Path proto) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(proto, StandardCharsets.UTF_8)) {
            w.write("/dev/null\n0 0\n");
            Deque<String> open = new ArrayDeque<>();
            for (TreeEntry e : tree.manifest().entries()) {
                String parent = e.path().contains("/") ? e.path().substring(0, e.path().lastIndexOf('/')) : "";
                while (!open.isEmpty() && !open.peek().equals(parent)) {
                    open.pop();
                    w.write("$\n");
                }
                String name = e.path().substring(e.path().lastIndexOf('/') + 1);
                if (name.matches(".*[\\s$].*") && !e.path().isEmpty()) {
                    throw RootfsException.input("The guest has " + e.path() + ", whose name an xfs proto file cannot"
                            + " hold: use rootfs.image.fs=ext4.");
                }
                String owner = " " + e.uid() + " " + e.gid();
                String mode = ((e.mode() & 04000) != 0 ? "u" : "-") + ((e.mode() & 02000) != 0 ? "g" : "-")
                        + String.format("%03o", e.mode() & 0777);
                switch (e.type()) {
                    case DIRECTORY -> {
                        w.write((e.path().isEmpty() ? "" : name + " ") + "d" + mode + owner + "\n");
                        open.push(e.path());
                    }
                    case FILE, HARDLINK -> w.write(name + " -" + mode + owner + " " + tree.folder().resolve(
                            e.type() == TreeEntry.Type.HARDLINK ? e.target() : e.path()) + "\n");
                    case SYMLINK -> w.write(name + " l" + mode + owner + " " + e.target() + "\n");
                    case CHAR_DEVICE, BLOCK_DEVICE -> w.write(name + " " + (e.type() == TreeEntry.Type.CHAR_DEVICE ? "c"
                            : "b") + mode + owner + " " + e.major() + " " + e.minor() + "\n");
                    case FIFO -> w.write(name + " p" + mode + owner + "\n");
                    case SOCKET -> { }
                }
            }
            while (!open.isEmpty()) {
                open.pop();
                w.write("$\n");
            }
        }
    }
}
