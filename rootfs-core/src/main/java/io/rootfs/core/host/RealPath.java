package io.rootfs.core.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a path really leads: every component that exists resolved (links followed, {@code ..}
 * taken after the link it follows, as the kernel does), the rest appended. Checks such as "is it
 * under target/" must look at this, not at the text the user typed: {@code target/lnk/rootfs}
 * with {@code lnk -> /elsewhere} is {@code /elsewhere/rootfs}.
 */
public final class RealPath {
    private RealPath() {
    }

    public static Path of(Path path) {
        Path absolute = path.toAbsolutePath();
        Path existing = absolute;
        int missing = 0;
        // the longest prefix that exists (a dangling link counts as missing: toRealPath cannot follow it)
        while (existing != null && !Files.exists(existing)) {
            if (Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                throw new UncheckedIOException(new IOException(existing + " is a link to nothing"));
            }
            existing = existing.getParent();
            missing++;
        }
        Path real;
        try {
            real = existing == null ? absolute.getRoot() : existing.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // what does not exist holds no links, so the remaining names can be taken as written
        int count = absolute.getNameCount();
        for (int i = count - missing; i < count; i++) {
            real = real.resolve(absolute.getName(i).toString()).normalize();
        }
        return real;
    }
}
