package io.rootfs.nativedeb;

import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a tree built without root records beside its files: the owners and modes the packages
 * gave their entries, then what the maintainer scripts changed in the user namespace (the entries
 * they gave other owners, listed there into {@code list} before being handed back to the build user), and the
 * device nodes whose placeholders were bound to the host's devices while the scripts ran.
 */
final class OwnersAfterScripts {
    private OwnersAfterScripts() {
    }

    /**
     * Every entry of the tree as the guest will see it: from the disk, owned by root unless the
     * packages or the scripts said otherwise; with the packages' modes where the unpack had to
     * widen them for the build user (and the scripts left them), the scripts' where they changed
     * them; and the device nodes.
     */
    static Manifest merge(Path tree, Map<String, TreeEntry> listed, Manifest unpacked, List<TreeEntry> devices)
            throws IOException {
        for (TreeEntry d : devices) {
            // the placeholder the host's device was bound onto (made by DevNodes, so a file, never a link)
            Path placeholder = new io.rootfs.core.tree.GuestPath(tree).parentResolved(d.path());
            if (Files.isRegularFile(placeholder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(placeholder);
            }
        }
        List<TreeEntry> recorded = new java.util.ArrayList<>();
        for (TreeEntry disk : Manifest.scan(tree).entries()) {
            TreeEntry byScript = listed.get(disk.path());
            TreeEntry byPackage = unpacked.get(disk.path()).filter(p -> sameKind(p, disk)).orElse(null);
            if (byScript != null) {
                recorded.add(disk.withOwner(byScript.uid(), byScript.gid(), byScript.mode()));
            } else if (byPackage != null && disk.mode() == widened(byPackage)) {
                recorded.add(disk.withOwner(byPackage.uid(), byPackage.gid(), byPackage.mode()));
            } else {
                recorded.add(disk.withOwner(byPackage != null ? byPackage.uid() : 0, byPackage != null ? byPackage.gid() : 0,
                        disk.mode()));
            }
        }
        recorded.addAll(devices);
        return Manifest.of(recorded);
    }

    /**
     * Shell lines that give the listed entries back the owners and modes a first round of scripts
     * gave them (the build user got them back in between, to move the rest onto the tree), but for
     * {@code replaced}: entries the rest's packages put anew at those paths, with their own owners.
     * An entry that is gone is passed over; a link keeps its mode (chmod would follow it).
     */
    static String reapply(Map<String, TreeEntry> listed, java.util.Set<String> replaced) {
        StringBuilder lines = new StringBuilder();
        for (TreeEntry e : listed.values()) {
            if (replaced.contains(e.path())) {
                continue;
            }
            String q = "'/" + e.path().replace("'", "'\\''") + "'";
            lines.append("if [ -e ").append(q).append(" ] || [ -L ").append(q).append(" ]; then chown -h ").append(e.uid())
                    .append(':').append(e.gid()).append(' ').append(q).append("; [ -L ").append(q).append(" ] || chmod ")
                    .append(Integer.toOctalString(e.mode())).append(' ').append(q).append("; fi\n");
        }
        return lines.toString();
    }

    /** The entries the scripts gave other owners, as {@code find -printf} listed them into {@code list} (then removed). */
    static Map<String, TreeEntry> read(Path list) throws IOException {
        Map<String, TreeEntry> listed = new LinkedHashMap<>();
        String text = Files.readString(list, StandardCharsets.UTF_8);
        Files.delete(list);
        for (String line : text.split("\0")) {
            if (line.isEmpty()) {
                continue;
            }
            // "UID GID MODE /path" as find -printf wrote it
            String[] f = line.split(" ", 4);
            String path = f[3].replaceFirst("^/+", "");
            listed.put(path, new TreeEntry(path, TreeEntry.Type.FILE, Integer.parseInt(f[2], 8), Integer.parseInt(f[0]),
                    Integer.parseInt(f[1]), 0, 0, "", 0, 0));
        }
        return listed;
    }

    /** The mode the unpack left on disk for a package's entry: what the build user needs added. */
    private static int widened(TreeEntry e) {
        return switch (e.type()) {
            case DIRECTORY -> e.mode() | 0700;
            case FILE, HARDLINK -> e.mode() | 0600;
            default -> e.mode();
        };
    }

    private static boolean sameKind(TreeEntry a, TreeEntry b) {
        boolean aFile = a.type() == TreeEntry.Type.FILE || a.type() == TreeEntry.Type.HARDLINK;
        boolean bFile = b.type() == TreeEntry.Type.FILE || b.type() == TreeEntry.Type.HARDLINK;
        return a.type() == b.type() || aFile && bFile;
    }
}
