package io.rootfs.core.tree;

import java.nio.file.Path;

/**
 * A built guest tree: the folder that holds its files, and the manifest that says what each entry
 * is in the guest (owners, modes, devices). Backends produce one; outputs consume it.
 */
public record RootfsTree(Path folder, Manifest manifest) {

    /** The host path of an entry's data (regular files only; links and devices live in the manifest). */
    public Path file(TreeEntry entry) {
        return entry.path().isEmpty() ? folder : folder.resolve(entry.path());
    }
}
