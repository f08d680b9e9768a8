package io.rootfs.core.output;

import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.RootfsTree;
import io.rootfs.core.tree.TreeEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A read-only erofs file system of the tree, as Kata makes it: lz4hc, 4096-byte blocks, no inline
 * data. mkfs.erofs takes owners and modes from the files, so the files must hold what the
 * manifest says (a tree built as root); times are the build's ({@code -T}), the UUID fixed.
 */
final class ErofsImage {
    private ErofsImage() {
    }

    static void write(RootfsTree tree, Path file, long epoch, UUID uuid) throws IOException {
        requireOwnersOnDisk(tree, "erofs");
        Files.deleteIfExists(file);
        Tools.run(Map.of(), "mkfs.erofs", "--quiet", "-zlz4hc", "-Enoinline_data", "-T" + epoch, "-U" + uuid,
                file.toString(), tree.folder().toString());
    }

    /** Refuses a tree whose files do not carry the guest's owners, modes and devices (built without root). */
    static void requireOwnersOnDisk(RootfsTree tree, String fs) throws IOException {
        Manifest onDisk = Manifest.scan(tree.folder());
        for (TreeEntry e : tree.manifest().entries()) {
            TreeEntry d = onDisk.get(e.path()).orElse(null);
            if (d == null || d.uid() != e.uid() || d.gid() != e.gid() || d.mode() != e.mode() || d.type() != e.type()) {
                throw RootfsException.input("An " + fs + " image takes owners, modes and devices from the files, and this"
                        + " tree was built without root: /" + e.path() + " is " + (d == null ? "missing" : d) + " on disk"
                        + " but " + e + " in the guest. Use rootfs.image.fs=ext4 (which takes them from the manifest),"
                        + " or build as root.");
            }
        }
    }
}
