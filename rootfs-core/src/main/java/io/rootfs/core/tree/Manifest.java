package io.rootfs.core.tree;

import io.rootfs.core.tree.TreeEntry.Type;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every entry of a guest tree, sorted by path: type, mode (setuid, setgid, sticky included), owner,
 * group, device numbers, link target, time and size. Outputs read owners, modes and devices from
 * here, never from the host's file system, so a tree built without root still gives archives and
 * images with root-owned files, setuid bits and device nodes: whatever built the tree records what
 * the files on disk cannot hold ({@link #withRecorded}).
 */
public final class Manifest {
    /** Sorted as the bytes of the path: the order archives and images are written in. */
    static final Comparator<String> ORDER = Comparator.comparing(p -> p.getBytes(StandardCharsets.UTF_8),
            java.util.Arrays::compareUnsigned);

    private final List<TreeEntry> entries;
    private final Map<String, TreeEntry> byPath;

    private Manifest(Collection<TreeEntry> entries) {
        Map<String, TreeEntry> paths = new HashMap<>();
        entries.forEach(e -> paths.put(e.path(), e));
        List<TreeEntry> sorted = new ArrayList<>(entries.size());
        for (TreeEntry e : entries) {
            // names of one file share its inode: owner, mode and time are the file's
            TreeEntry file = e.type() == Type.HARDLINK ? paths.get(e.target()) : null;
            sorted.add(file != null && file.type() == Type.FILE ? new TreeEntry(e.path(), Type.HARDLINK, file.mode(),
                    file.uid(), file.gid(), 0, 0, e.target(), file.mtime(), 0) : e);
        }
        sorted.sort(Comparator.comparing(TreeEntry::path, ORDER));
        this.entries = List.copyOf(sorted);
        this.byPath = new HashMap<>();
        for (TreeEntry e : this.entries) {
            byPath.put(e.path(), e);
        }
    }

    public static Manifest of(Collection<TreeEntry> entries) {
        return new Manifest(entries);
    }

    public List<TreeEntry> entries() {
        return entries;
    }

    public Optional<TreeEntry> get(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    public int size() {
        return entries.size();
    }

    /**
     * Reads a tree as it is on disk, links never followed; a file with several names is a file at
     * its first name (in path order) and hard links at the others.
     */
    public static Manifest scan(Path root) throws IOException {
        List<TreeEntry> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                found.add(entry(root, dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                found.add(entry(root, file));
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(Comparator.comparing(TreeEntry::path, ORDER));
        // the first name of each inode with several names keeps the data; the others link to it
        Map<Long, String> firstName = new HashMap<>();
        List<TreeEntry> linked = new ArrayList<>(found.size());
        for (TreeEntry e : found) {
            if (e.type() == Type.FILE && e.target().startsWith("inode:")) {
                long inode = Long.parseLong(e.target().substring(6));
                String first = firstName.putIfAbsent(inode, e.path());
                linked.add(first == null
                        ? new TreeEntry(e.path(), Type.FILE, e.mode(), e.uid(), e.gid(), 0, 0, "", e.mtime(), e.size())
                        : new TreeEntry(e.path(), Type.HARDLINK, e.mode(), e.uid(), e.gid(), 0, 0, first, e.mtime(), 0));
            } else {
                linked.add(e);
            }
        }
        return new Manifest(linked);
    }

    private static TreeEntry entry(Path root, Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,rdev,ino,nlink,size,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (int) a.get("mode");
        String path = root.relativize(p).toString();
        long rdev = (long) a.get("rdev");
        Type type = Type.ofMode(mode);
        String target = switch (type) {
            case SYMLINK -> Files.readSymbolicLink(p).toString();
            // kept only to find the other names of the same file; scan() replaces it
            case FILE -> (int) a.get("nlink") > 1 ? "inode:" + a.get("ino") : "";
            default -> "";
        };
        long mtime = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
        return new TreeEntry(path, type, mode, (int) a.get("uid"), (int) a.get("gid"), major(rdev), minor(rdev), target,
                mtime, type == Type.FILE ? (long) a.get("size") : 0);
    }

    /** glibc's encoding of device numbers. */
    static int major(long rdev) {
        return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
    }

    static int minor(long rdev) {
        return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
    }

    /**
     * This manifest with what the tree's builder recorded and the disk cannot hold: the owners
     * and modes of entries that exist (a tree unpacked without root), and entries that cannot
     * exist there at all (device nodes). A recorded entry whose path now holds something of
     * another type was replaced by a later step and is dropped.
     */
    public Manifest withRecorded(Manifest recorded) {
        Map<String, TreeEntry> merged = new LinkedHashMap<>();
        entries.forEach(e -> merged.put(e.path(), e));
        for (TreeEntry r : recorded.entries) {
            TreeEntry onDisk = merged.get(r.path());
            if (onDisk == null) {
                if (r.isDevice() || r.type() == Type.FIFO || r.type() == Type.SOCKET) {
                    merged.put(r.path(), r);
                }
            } else if (onDisk.type() == r.type() || onDisk.type() == Type.HARDLINK && r.type() == Type.FILE
                    || onDisk.type() == Type.FILE && r.type() == Type.HARDLINK) {
                merged.put(r.path(), onDisk.withOwner(r.uid(), r.gid(), r.mode()));
            }
        }
        return new Manifest(merged.values());
    }

    /** This manifest with what {@code uid} (and {@code gid}) own given to root, as a guest sees the build user's files. */
    public Manifest withOwnerAsRoot(int uid, int gid) {
        List<TreeEntry> owned = new ArrayList<>(entries.size());
        for (TreeEntry e : entries) {
            owned.add(e.uid() == uid || e.gid() == gid
                    ? e.withOwner(e.uid() == uid ? 0 : e.uid(), e.gid() == gid ? 0 : e.gid(), e.mode()) : e);
        }
        return new Manifest(owned);
    }

    /** Writes one line per entry: type, mode, uid, gid, major, minor, mtime, size, path, target. */
    public void write(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            for (TreeEntry e : entries) {
                w.write(String.format(java.util.Locale.ROOT, "%c %o %d %d %d %d %d %d %s\t%s%n", e.type().code,
                        e.mode(), e.uid(), e.gid(), e.major(), e.minor(), e.mtime(), e.size(), escape(e.path()),
                        escape(e.target())));
            }
        }
    }

    public static Manifest read(Path file) throws IOException {
        List<TreeEntry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            String[] f = line.substring(0, tab).split(" ", 9);
            entries.add(new TreeEntry(unescape(f[8]), Type.of(f[0].charAt(0)), Integer.parseInt(f[1], 8),
                    Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]),
                    unescape(line.substring(tab + 1)), Long.parseLong(f[6]), Long.parseLong(f[7])));
        }
        return new Manifest(entries);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
