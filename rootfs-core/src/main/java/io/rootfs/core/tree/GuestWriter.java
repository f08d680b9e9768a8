package io.rootfs.core.tree;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Puts entries into a guest tree the way {@code tar --keep-directory-symlink} or {@code cp} inside
 * a chroot would: a folder merges into the guest's folder, or into the folder a guest link leads
 * to, so links such as {@code /lib -> usr/lib} survive; a file or link replaces a file or link; a
 * non-empty folder is never replaced. Every path is resolved as the guest sees it ({@link GuestPath}),
 * so nothing lands outside the tree. Overlays, kernel modules and agent tarballs all go through here.
 */
public final class GuestWriter {
    private final GuestPath guest;
    private final String source;

    /**
     * @param source what the entries come from, for messages (e.g. {@code rootfs.overlay=/path})
     */
    public GuestWriter(GuestPath guest, String source) {
        this.guest = guest;
        this.source = source;
    }

    /** A folder at {@code guestPath}: the existing one, the one a guest link leads to, or a new one. */
    public Path directory(String guestPath) throws IOException {
        Path at = inside(guest.parentResolved(guestPath), guestPath);
        // the usual cases first, by calls that fail without an exception (a package's tar names
        // thousands of folders, most of them there already; an exception costs its stack trace)
        if (guest.knownFolder(at) || Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
            return at;
        }
        if (!Files.exists(at)) {
            createParent(at);
            try {
                Files.createDirectory(at);
                return at;
            } catch (FileAlreadyExistsException e) {
                // a link to nothing: below
            }
        }
        if (Files.isSymbolicLink(at)) {
            Path followed = inside(guest.resolve(guestPath), guestPath);
            if (Files.isDirectory(followed, LinkOption.NOFOLLOW_LINKS)) {
                return followed; // keep the guest's link, write through it
            }
            guest.forget();
            Files.delete(at); // a link to nothing or to a file: a folder takes its place, as with tar
        } else if (Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
            return at;
        } else {
            guest.forget();
            Files.delete(at);
        }
        Files.createDirectories(at);
        return at;
    }

    /** A file at {@code guestPath} with {@code mode} (setuid, setgid and sticky bits kept). */
    public Path file(String guestPath, InputStream content, int mode) throws IOException {
        Path at = file(guestPath, content);
        // a regular file this writer just made: chmod by its path (one call; no link there to follow)
        Files.setAttribute(at, "unix:mode", mode & 07777);
        return at;
    }

    /**
     * A file at {@code guestPath}, its mode left to the caller (who sets an owner first: a change of
     * owner clears the setuid and setgid bits).
     */
    public Path file(String guestPath, InputStream content) throws IOException {
        return create(guestPath, at -> {
            // as Files.copy, in 64 KiB writes from a buffer of this thread's (a package set is 8,000 files)
            try (java.io.OutputStream out = Files.newOutputStream(at, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                byte[] buffer = COPY_BUFFER.get();
                for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                    out.write(buffer, 0, n);
                }
            }
        });
    }

    private static final ThreadLocal<byte[]> COPY_BUFFER = ThreadLocal.withInitial(() -> new byte[1 << 16]);

    /** A copy of a host file at {@code guestPath}, its mode and times kept. */
    public Path copy(Path from, String guestPath) throws IOException {
        return create(guestPath, at -> Files.copy(from, at, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
    }

    /** A symbolic link at {@code guestPath} to {@code target}, written as given (it is read inside the guest). */
    public Path symlink(String guestPath, String target) throws IOException {
        Path link = Path.of(target);
        return create(guestPath, at -> Files.createSymbolicLink(at, link));
    }

    /** A hard link at {@code guestPath} to {@code existing}, a file already in the guest (never one outside it). */
    public Path hardLink(String guestPath, Path existing) throws IOException {
        if (!existing.normalize().startsWith(guest.root()) || !Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
            throw RootfsException.input(source + " has " + guestPath + ", a hard link to " + existing
                    + ", which is not a file inside the rootfs; refusing it");
        }
        return create(guestPath, at -> Files.createLink(at, existing));
    }

    /** Copies a host folder's contents (a link to a folder is followed) into a guest folder; returns the entries copied. */
    public int copyTree(Path folder, String guestDir) throws IOException {
        Path top = folder.toRealPath();
        if (!Files.isDirectory(top)) {
            throw RootfsException.input(source + " is not a folder.");
        }
        directory(guestDir);
        int copied = 0;
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path from : (Iterable<Path>) walk.sorted()::iterator) {
                if (from.equals(top)) {
                    continue;
                }
                String at = guestDir.replaceAll("/+$", "") + "/" + top.relativize(from);
                if (Files.isSymbolicLink(from)) {
                    symlink(at, Files.readSymbolicLink(from).toString());
                } else if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                    directory(at);
                } else if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
                    copy(from, at);
                } else {
                    throw RootfsException.input(source + " holds " + from + ", which is a device, FIFO or socket: only"
                            + " files, folders and links are copied into a guest. Remove it.");
                }
                copied++;
            }
        }
        return copied;
    }

    /** Makes something new at a host path, failing when something stands there (never through a link). */
    private interface Create {
        void at(Path at) throws IOException;
    }

    /**
     * Makes a new file or link at {@code guestPath}: tried first (nothing stands there, the usual
     * case, tells itself without an exception), and when something does, it is removed unless it
     * is a folder with files, and made again.
     */
    private Path create(String guestPath, Create create) throws IOException {
        Path at = inside(guest.parentResolved(guestPath), guestPath);
        createParent(at);
        try {
            create.at(at);
        } catch (FileAlreadyExistsException e) {
            replaceable(guestPath, at);
            create.at(at);
        }
        return at;
    }

    /** The folder {@code at} goes into, made when it is not there (asked first: making an existing one throws inside). */
    private void createParent(Path at) throws IOException {
        if (!guest.knownFolder(at.getParent()) && !Files.isDirectory(at.getParent())) {
            Files.createDirectories(at.getParent());
        }
    }

    /** Clears {@code at} for a new file or link: what stood there is removed unless it is a folder with files. */
    private void replaceable(String guestPath, Path at) throws IOException {
        guest.forget();
        if (Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.delete(at);
            } catch (DirectoryNotEmptyException e) {
                throw RootfsException.input(source + " puts a file or link at " + guestPath + ", where the guest has a"
                        + " folder with files in it; refusing to replace that folder. Put the entry elsewhere, or make it"
                        + " a folder.");
            }
        } else {
            Files.deleteIfExists(at);
        }
    }

    private Path inside(Path at, String guestPath) {
        if (!at.normalize().startsWith(guest.root())) {
            throw RootfsException.input(source + " has " + guestPath + ", which would land outside the rootfs; refusing it");
        }
        return at;
    }
}
