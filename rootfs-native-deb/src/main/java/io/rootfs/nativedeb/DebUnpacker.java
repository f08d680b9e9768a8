package io.rootfs.nativedeb;

import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.GuestPath;
import io.rootfs.core.tree.GuestWriter;
import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.TreeEntry;
import io.rootfs.core.tree.TreeEntry.Type;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks the {@code data.tar} of each .deb onto a merged-usr tree, as dpkg would before any
 * maintainer script runs: {@code /bin}, {@code /sbin}, {@code /lib} and the arch's
 * {@code /libNN} are links into {@code /usr} (mmdebstrap's merged-usr hook) and entries are
 * written through them. Every write goes through {@link GuestWriter}, so no entry leaves the tree.
 * Without root the files on disk are the build user's; each entry's owner, mode, device numbers
 * and time as the package gives them go into the manifest, keyed by the path the guest sees
 * ({@code bin/bash} is recorded as {@code usr/bin/bash}).
 */
public final class DebUnpacker {
    private final Path tree;
    /** Where entries are written: the tree, or a stage beside it ({@link #stage}). */
    private GuestPath guest;
    private final boolean root;
    private final Map<String, TreeEntry> recorded = new LinkedHashMap<>();
    /** Per package, the guest paths it installed, in order: dpkg's info/PKG.list. */
    private final Map<String, List<String>> lists = new LinkedHashMap<>();
    private final List<String> mergedLinks;
    /** The records made while unpacking into a stage. */
    private final java.util.Set<String> staged = new java.util.HashSet<>();
    private boolean staging;

    /**
     * @param libDirs the arch's extra library folders that become links into /usr (amd64: lib32, lib64, libx32)
     * @param root    whether this JVM may set owners (else they are only recorded)
     */
    public DebUnpacker(Path tree, List<String> libDirs, boolean root) throws IOException {
        this.tree = tree;
        this.guest = GuestPath.remembering(tree); // this unpacker alone writes the tree while it unpacks
        this.root = root;
        this.mergedLinks = new ArrayList<>(List.of("bin", "sbin", "lib"));
        mergedLinks.addAll(libDirs);
        mergedUsr(tree);
        record(new TreeEntry("", Type.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0));
        record(new TreeEntry("usr", Type.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0));
        for (String dir : mergedLinks) {
            record(new TreeEntry("usr/" + dir, Type.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0));
            record(new TreeEntry(dir, Type.SYMLINK, 0777, 0, 0, 0, 0, "usr/" + dir, 0, 0));
        }
    }

    private void mergedUsr(Path root) throws IOException {
        Files.createDirectories(root);
        for (String dir : mergedLinks) {
            Files.createDirectories(root.resolve("usr").resolve(dir));
            Files.createSymbolicLink(root.resolve(dir), Path.of("usr/" + dir));
        }
    }

    /**
     * Unpacks the next packages into {@code stage} (a new folder on the tree's file system, laid out
     * as the tree: merged /usr) instead of the tree, until {@link #mergeStage}: the tree's own
     * programs can run meanwhile without seeing them. Entries are recorded by the paths they have in
     * the stage.
     */
    public void stage(Path stage) throws IOException {
        if (Files.exists(stage, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(stage + " exists already");
        }
        mergedUsr(stage);
        guest = GuestPath.remembering(stage);
        staging = true;
    }

    /**
     * Moves what was unpacked into the stage onto the tree, as if it had been unpacked there now:
     * through the links the tree has gained since (the records follow), over the files; and unpacks
     * into the tree again.
     *
     * @return the paths in the tree where the staged packages put entries anew (all but the folders
     *         the tree had)
     */
    public java.util.Set<String> mergeStage() throws IOException {
        GuestPath stage = guest;
        GuestPath onto = new GuestPath(tree);
        StagedMerge.Merged merged = StagedMerge.into(stage.root(), onto, java.util.Set.copyOf(mergedLinks),
                "A package unpacked after the essential set");
        guest = onto;
        staging = false;
        // the records of the staged entries keyed by where they are now (the longest staged path that
        // moved decides); a folder the tree had keeps its record, as it keeps its owner and mode
        Map<String, TreeEntry> now = new LinkedHashMap<>();
        java.util.Set<String> put = new java.util.HashSet<>();
        List<TreeEntry> fromStage = new ArrayList<>();
        for (TreeEntry e : recorded.values()) {
            if (staged.contains(e.path())) {
                fromStage.add(e);
            } else {
                now.put(e.path(), e);
            }
        }
        for (TreeEntry e : fromStage) {
            String path = landed(e.path(), merged.moved());
            if (e.type() == Type.DIRECTORY && (merged.kept().contains(path) || now.containsKey(path))) {
                continue;
            }
            String target = e.type() == Type.HARDLINK ? landed(e.target(), merged.moved()) : e.target();
            now.put(path, path.equals(e.path()) && target.equals(e.target()) ? e : new TreeEntry(path, e.type(),
                    e.mode(), e.uid(), e.gid(), e.major(), e.minor(), target, e.mtime(), e.size()));
            put.add(path);
        }
        recorded.clear();
        recorded.putAll(now);
        staged.clear();
        return put;
    }

    private static String landed(String stagedPath, Map<String, String> moved) {
        String from = null;
        for (String m : moved.keySet()) {
            if ((stagedPath.equals(m) || stagedPath.startsWith(m + "/")) && (from == null || m.length() > from.length())) {
                from = m;
            }
        }
        if (from == null) {
            return stagedPath;
        }
        String to = moved.get(from);
        String rest = stagedPath.substring(from.length());
        return to.isEmpty() && rest.startsWith("/") ? rest.substring(1) : to + rest;
    }

    /** Unpacks one package's files; {@code name} keys its file list. */
    public void unpack(String name, DebArchive deb) throws IOException {
        unpack(name, deb, deb.data());
    }

    /** Unpacks one package's files from {@code dataTar}, its data.tar already uncompressed (and closes it). */
    public void unpack(String name, DebArchive deb, InputStream dataTar) throws IOException {
        GuestWriter writer = new GuestWriter(guest, "Package " + name);
        List<String> list = lists.computeIfAbsent(name, k -> new ArrayList<>());
        List<Object[]> directories = new ArrayList<>();
        try (InputStream data = dataTar; TarArchiveInputStream tar = new TarArchiveInputStream(data)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String path = clean(name, e.getName());
                if (path == null) {
                    continue;
                }
                int mode = e.getMode() & 07777;
                int uid = (int) e.getLongUserId();
                int gid = (int) e.getLongGroupId();
                long mtime = e.getModTime().getTime() / 1000;
                Path at;
                TreeEntry entry;
                if (e.isDirectory()) {
                    at = writer.directory(path);
                    String seen = guest.guestPath(at);
                    list.add("/" + path);
                    if (!recorded.containsKey(seen)) {
                        // an existing folder keeps its owner and mode, as with dpkg
                        entry = new TreeEntry(seen, Type.DIRECTORY, mode, uid, gid, 0, 0, "", mtime, 0);
                        record(entry);
                        directories.add(new Object[] {at, entry});
                    }
                    continue;
                }
                if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    // commons-compress counts these as files too: refuse them before that test
                    throw RootfsException.input("Package " + name + " has " + e.getName() + ", a device node or FIFO:"
                            + " Debian packages never ship one (Policy 10.6), refusing it");
                }
                if (e.isSymbolicLink()) {
                    at = writer.symlink(path, e.getLinkName());
                    entry = new TreeEntry(guest.guestPath(at), Type.SYMLINK, 0777, uid, gid, 0, 0, e.getLinkName(),
                            mtime, 0);
                } else if (e.isLink()) {
                    String target = clean(name, e.getLinkName());
                    Path existing = guest.parentResolved(target == null ? "" : target);
                    at = writer.hardLink(path, existing);
                    TreeEntry file = recorded.get(guest.guestPath(existing));
                    entry = new TreeEntry(guest.guestPath(at), Type.HARDLINK, file == null ? mode : file.mode(),
                            file == null ? uid : file.uid(), file == null ? gid : file.gid(), 0, 0,
                            guest.guestPath(existing), file == null ? mtime : file.mtime(), 0);
                } else if (e.isFile()) {
                    at = writer.file(path, tar);
                    entry = new TreeEntry(guest.guestPath(at), Type.FILE, mode, uid, gid, 0, 0, "", mtime, e.getSize());
                } else {
                    throw RootfsException.input("Package " + name + " has " + e.getName() + ", which is no file, folder"
                            + " or link (tar type " + (char) e.getLinkFlag() + "), refusing it");
                }
                if (root) {
                    Files.setAttribute(at, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(at, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                }
                if (entry.type() == Type.FILE) {
                    // after the owner (which clears setuid bits); a file just made here, so by its path
                    Files.setAttribute(at, "unix:mode", root ? mode : mode | 0600);
                }
                // as dpkg sets them: the access time too; a file (or hard link) this writer just made, by its path
                // (the view opens it once: not also looked at first, nor its times read to keep the access time)
                FileTime time = FileTime.fromMillis(mtime * 1000);
                Files.getFileAttributeView(at, java.nio.file.attribute.BasicFileAttributeView.class,
                        entry.type() == Type.SYMLINK ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0])
                        .setTimes(time, time, null);
                record(entry);
                list.add("/" + path);
            }
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof RootfsException r) {
                throw r;
            }
            throw RootfsException.input("Cannot unpack package " + name + " (" + deb.dataMember() + "): " + ex.getMessage());
        }
        for (int i = directories.size() - 1; i >= 0; i--) {
            Path dir = (Path) directories.get(i)[0];
            TreeEntry d = (TreeEntry) directories.get(i)[1];
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue; // replaced by a later entry of the package (a link): never set through it
            }
            if (root) {
                Files.setAttribute(dir, "unix:uid", d.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(dir, "unix:gid", d.gid(), LinkOption.NOFOLLOW_LINKS);
            }
            // a folder (just checked, and nothing else writes the tree meanwhile): by its path
            Files.setAttribute(dir, "unix:mode", root ? d.mode() : d.mode() | 0700);
        }
        guest.forget(); // what the next package finds is looked at anew
    }

    /**
     * After the last package: a {@code /libNN} link whose folder in /usr stayed empty goes, with the
     * folder (as usrmerge leaves a tree).
     */
    public Manifest finish() throws IOException {
        // resolved as the guest would: the essential set's scripts, run before this with two rounds, may have made links
        GuestPath inTree = new GuestPath(tree);
        for (String dir : mergedLinks) {
            Path inUsr = inTree.resolve("usr/" + dir);
            if (!Files.isDirectory(inUsr, LinkOption.NOFOLLOW_LINKS)) {
                // after the essential set's scripts (usr-is-merged's removes an empty one): what they left stands
                for (String gone : List.of("usr/" + dir, dir)) {
                    if (!Files.exists(inTree.parentResolved(gone), LinkOption.NOFOLLOW_LINKS)) {
                        recorded.remove(gone);
                    }
                }
                continue;
            }
            try (var children = Files.list(inUsr)) {
                if (children.findAny().isEmpty() && !List.of("bin", "sbin", "lib").contains(dir)) {
                    Files.deleteIfExists(tree.resolve(dir)); // (usr-is-merged's postinst may have removed it already)
                    Files.delete(inUsr);
                    recorded.remove(dir);
                    recorded.remove("usr/" + dir);
                }
            }
        }
        return Manifest.of(recorded.values());
    }

    /** Each package's installed paths (dpkg's info/PKG.list), in unpack order. */
    public Map<String, List<String>> lists() {
        return lists;
    }

    private void record(TreeEntry entry) {
        recorded.put(entry.path(), entry);
        if (staging) {
            staged.add(entry.path());
        }
    }

    /** A data.tar name as a guest path (core's rule for tar streams), null for the root entry. */
    private static String clean(String pkg, String name) {
        String n = io.rootfs.core.tree.TarTree.guestName(name, "Package " + pkg);
        return n.isEmpty() ? null : n;
    }
}
