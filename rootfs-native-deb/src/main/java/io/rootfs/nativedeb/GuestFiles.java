package io.rootfs.nativedeb;

import io.rootfs.core.tree.GuestPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the declarative path reads from the tree, read as the guest would see it and never beyond
 * it: a path's links followed inside the tree, only regular files taken (a link to a device, a
 * FIFO or a folder is not text), each at most {@link #MAX_TEXT}, bytes that are not UTF-8 replaced.
 */
final class GuestFiles {
    /** The largest configuration file read (a sysusers.d, tmpfiles.d or unit file is a few KiB). */
    static final long MAX_TEXT = 8L << 20;

    private GuestFiles() {
    }

    /** The host path of a regular file at {@code guestPath} in the tree, if there is one. */
    static Optional<Path> regularFile(GuestPath guest, String guestPath) {
        if (!guestPath.matches("/*[^/].*") || dotDot(guestPath)) {
            return Optional.empty();
        }
        Path at = guest.resolve(guestPath.replaceFirst("^/+", ""));
        return inside(guest, at) && Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS) ? Optional.of(at) : Optional.empty();
    }

    /** The text of the regular file at {@code guestPath}; empty when there is none or it is too large. */
    static Optional<String> text(GuestPath guest, String guestPath) throws IOException {
        Optional<Path> file = regularFile(guest, guestPath);
        if (file.isEmpty() || Files.size(file.get()) > MAX_TEXT) {
            return Optional.empty();
        }
        return Optional.of(new String(Files.readAllBytes(file.get()), StandardCharsets.UTF_8));
    }

    /** The names in a folder of the tree, sorted; none when it is not a folder. */
    static List<String> names(GuestPath guest, String guestDir) throws IOException {
        List<String> names = new ArrayList<>();
        if (dotDot(guestDir)) {
            return names;
        }
        Path dir = guest.resolve(guestDir.replaceFirst("^/+", ""));
        if (!inside(guest, dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return names;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        return names;
    }

    /** Whether a host path is inside the tree, and not the tree itself. */
    static boolean inside(GuestPath guest, Path at) {
        Path p = at.toAbsolutePath().normalize();
        return p.startsWith(guest.root()) && !p.equals(guest.root());
    }

    /** Whether a path names "." or ".." anywhere: never what a package's file list names. */
    static boolean dotDot(String path) {
        for (String part : path.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                return true;
            }
        }
        return false;
    }
}
