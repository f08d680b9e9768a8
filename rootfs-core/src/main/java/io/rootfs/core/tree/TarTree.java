package io.rootfs.core.tree;

import io.rootfs.core.RootfsException;
import io.rootfs.core.host.HostCommand;
import io.rootfs.core.tree.TreeEntry.Type;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tree that a builder delivered as a tar stream (mmdebstrap in a user namespace streams the
 * guest with its real owners and device nodes): unpacked through {@link GuestWriter}, so no entry
 * lands outside the tree, and recorded entry by entry, so the manifest keeps the owners, setuid
 * bits and devices that a build without root cannot put on disk. As root, owners and devices are
 * put on disk too.
 */
public final class TarTree {
    private TarTree() {
    }

    /**
     * @param root true when this JVM may set owners and make device nodes
     * @return what the tar said of each entry, to merge into the tree's manifest
     */
    public static Manifest unpack(Path tar, Path tree, boolean root) throws IOException {
        GuestPath guest = new GuestPath(tree);
        GuestWriter writer = new GuestWriter(guest, "The tree's tar stream " + tar.getFileName());
        List<TreeEntry> recorded = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        List<TreeEntry> directoryEntries = new ArrayList<>();
        java.util.Map<String, TreeEntry> byPath = new java.util.HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar), 1 << 16);
                TarArchiveInputStream entries = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = entries.getNextEntry()) != null) {
                String name = clean(e.getName());
                if (name == null) {
                    continue;
                }
                int mode = e.getMode() & 07777;
                int uid = (int) e.getLongUserId();
                int gid = (int) e.getLongGroupId();
                long mtime = e.getModTime().getTime() / 1000;
                Path at;
                TreeEntry entry;
                if (name.isEmpty() || e.isDirectory()) {
                    at = name.isEmpty() ? tree : writer.directory(name);
                    entry = new TreeEntry(name, Type.DIRECTORY, mode, uid, gid, 0, 0, "", mtime, 0);
                    directories.add(at);
                    directoryEntries.add(entry);
                } else if (e.isSymbolicLink()) {
                    at = writer.symlink(name, e.getLinkName());
                    entry = new TreeEntry(name, Type.SYMLINK, 0777, uid, gid, 0, 0, e.getLinkName(), mtime, 0);
                } else if (e.isLink()) {
                    String target = clean(e.getLinkName());
                    writer.hardLink(name, guest.parentResolved(target == null ? "" : target));
                    // another name of a file already here: its owner, mode and times are that file's
                    TreeEntry file = byPath.getOrDefault(target, new TreeEntry(target, Type.FILE, mode, uid, gid, 0, 0,
                            "", mtime, 0));
                    at = null;
                    entry = new TreeEntry(name, Type.HARDLINK, file.mode(), file.uid(), file.gid(), 0, 0, target,
                            file.mtime(), 0);
                } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    Type type = e.isCharacterDevice() ? Type.CHAR_DEVICE : e.isBlockDevice() ? Type.BLOCK_DEVICE : Type.FIFO;
                    entry = new TreeEntry(name, type, mode, uid, gid, e.getDevMajor(), e.getDevMinor(), "", mtime, 0);
                    at = root ? special(guest, name, entry) : null;
                } else if (e.isFile()) {
                    at = writer.file(name, entries, mode);
                    if (!root) {
                        // on disk the build user's file, readable for the outputs; the real mode is recorded
                        Files.setAttribute(at, "unix:mode", mode | 0600, LinkOption.NOFOLLOW_LINKS);
                    }
                    entry = new TreeEntry(name, Type.FILE, mode, uid, gid, 0, 0, "", mtime, e.getSize());
                } else {
                    throw RootfsException.input("The tree's tar stream has " + name + ", of a kind a guest tree does"
                            + " not hold (tar type " + (char) e.getLinkFlag() + ")");
                }
                if (at != null && entry.type() != Type.DIRECTORY) {
                    if (root) {
                        owner(at, uid, gid);
                        if (entry.type() != Type.SYMLINK) {
                            // chown clears setuid and setgid: the mode goes on after it
                            Files.setAttribute(at, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
                        }
                    }
                    Files.getFileAttributeView(at, java.nio.file.attribute.BasicFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).setTimes(FileTime.fromMillis(mtime * 1000), null, null);
                }
                recorded.add(entry);
                byPath.put(entry.path(), entry);
            }
        }
        // folders last, deepest first: writing their children changed their times, and a folder
        // such as /proc (0555) could not take children once its own mode is on
        for (int i = directories.size() - 1; i >= 0; i--) {
            Path dir = directories.get(i);
            TreeEntry d = directoryEntries.get(i);
            if (root) {
                owner(dir, d.uid(), d.gid());
            }
            Files.setAttribute(dir, "unix:mode", root ? d.mode() : d.mode() | 0700, LinkOption.NOFOLLOW_LINKS);
            Files.setLastModifiedTime(dir, FileTime.fromMillis(d.mtime() * 1000));
        }
        return Manifest.of(recorded);
    }

    private static String clean(String name) {
        return guestName(name, "The tree's tar stream");
    }

    /**
     * A tar entry name as a path inside the tree, relative, "" for the root; an entry that would
     * leave the tree is refused, naming {@code source} (what the tar comes from).
     */
    public static String guestName(String name, String source) {
        // leading "./"s, then leading and trailing slashes (by hand: a package's tar has thousands of entries)
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        int from = 0;
        int to = n.length();
        while (from < to && n.charAt(from) == '/') {
            from++;
        }
        while (to > from && n.charAt(to - 1) == '/') {
            to--;
        }
        n = n.substring(from, to);
        if (n.equals(".")) {
            return "";
        }
        if (("/" + n + "/").contains("/../")) {
            throw RootfsException.input(source + " has entry " + name + ", which leaves the tree; refusing it");
        }
        return n;
    }

    private static Path special(GuestPath guest, String name, TreeEntry e) throws IOException {
        Path at = guest.parentResolved(name);
        Files.createDirectories(at.getParent());
        Files.deleteIfExists(at);
        String kind = e.type() == Type.CHAR_DEVICE ? "c" : e.type() == Type.BLOCK_DEVICE ? "b" : "p";
        if (kind.equals("p")) {
            HostCommand.run("mkfifo", "-m", Integer.toOctalString(e.mode()), "--", at.toString());
        } else {
            HostCommand.run("mknod", "-m", Integer.toOctalString(e.mode()), "--", at.toString(), kind,
                    Integer.toString(e.major()), Integer.toString(e.minor()));
        }
        return at;
    }

    private static void owner(Path at, int uid, int gid) throws IOException {
        Files.setAttribute(at, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(at, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
}
