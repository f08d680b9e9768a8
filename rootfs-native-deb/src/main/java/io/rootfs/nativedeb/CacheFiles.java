package io.rootfs.nativedeb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files a build writes into the package cache: made under names of their own, readable as the umask says. */
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
}
