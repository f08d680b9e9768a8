package io.rootfs.nativedeb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files a build writes into the package cache: made under names of their own, readable as the umask says; and, by one of them, who the build's user is. */
final class CacheFiles {
    private CacheFiles() {
    }

    /**
     * A new empty file of this build's own in {@code folder}, to be filled and moved into place: its
     * mode the umask's (as apt keeps its cache), not a temporary file's 0600, so another user may
     * read a cache this one filled.
     *
     * @throws java.nio.file.FileAlreadyExistsException when another process took the name meanwhile
     */
    static Path newFile(Path folder, String prefix, String suffix) throws IOException {
        Path name = Files.createTempFile(folder, prefix, suffix); // a name nobody else has
        Files.delete(name);
        return Files.createFile(name);
    }

    /** Fills a new file. */
    interface Fill {
        void into(Path file) throws IOException;
    }

    /**
     * Replaces {@code file} at once by a new file of this build's own ({@link #newFile}, beside it, named
     * {@code prefix}...{@code .tmp}) that {@code fill} wrote: a reader sees the old file or the whole new one, and a
     * failed fill leaves nothing behind.
     */
    static void replace(Path file, String prefix, Fill fill) throws IOException {
        Path tmp = newFile(file.getParent(), prefix, ".tmp");
        try {
            fill.into(tmp);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** What is read of a file: its owner, say. */
    interface Look<T> {
        T at(Path file) throws IOException;
    }

    /**
     * What {@code look} sees of a file this build makes in {@code folder} (removed after): its owner
     * is this build's user, known without a name for it (a uid without a passwd entry has none).
     */
    static <T> T ofOwnFile(Path folder, Look<T> look) throws IOException {
        Path probe = Files.createTempFile(folder, ".owner", ".probe");
        try {
            return look.at(probe);
        } finally {
            Files.deleteIfExists(probe);
        }
    }
}
