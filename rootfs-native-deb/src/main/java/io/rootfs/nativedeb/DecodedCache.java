package io.rootfs.nativedeb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The packages' {@code data.tar} members as decoded by an earlier build, kept beside the .deb
 * cache so that the next build of the same packages reads them instead of decoding xz again (xz
 * is most of the unpack's work; apko keeps the expanded packages the same way). A kept copy is
 * {@code SHA.CRC.tar}: SHA the .deb's SHA-256 (the .deb stays the source: it is checked against
 * the signed index on every build, and its control member is read from it), CRC the CRC-32C of
 * the tar, checked while it is read, so a damaged copy is found before it is used, taken away and
 * the .deb decoded again. Nothing but this build's own user may have put a copy there: the folder
 * and each copy must be its user's and writable by nobody else, a copy a plain file, and every
 * folder above owned by that user or root and writable by nobody else (or sticky, as /tmp), so no
 * other user can have put another folder in its place. Copies are written under a name of their
 * own and moved into place whole, so builds sharing the cache never read half of one.
 */
final class DecodedCache {
    static final Pattern NAME = Pattern.compile("([0-9a-f]{64})\\.([0-9a-f]{8})\\.tar");
    /** A copy being written that is older than this was left by a build that ended meanwhile. */
    private static final java.time.Duration LEFT_BEHIND = java.time.Duration.ofHours(1);
    private final Path folder;
    private final Map<String, Path> kept = new java.util.concurrent.ConcurrentHashMap<>();
    private final Object owner;
    /** Why no copies are kept (empty when they are, or none were asked for). */
    private final String why;

    private DecodedCache(Path folder, Object owner, String why) {
        this.folder = folder;
        this.owner = owner;
        this.why = why;
    }

    /** None kept, none written. */
    static DecodedCache none() {
        return new DecodedCache(null, null, "");
    }

    /** Why the folder given is not used, for the log; empty when it is (or none was given). */
    String whyNotUsed() {
        return why;
    }

    /** The copies kept in {@code folder} (made when missing); none when it cannot be used or trusted. */
    static DecodedCache in(Path folder) {
        try {
            Path given = folder.toAbsolutePath().normalize();
            if (!Files.isDirectory(given)) {
                Files.createDirectories(given, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
            }
            // the folder as it really is (a link to it followed once, here): what is checked is what is read
            Path at = given.toRealPath();
            Object me = CacheFiles.ofOwnFile(at, p -> Unix.of(p).uid());
            if (!trusted(at, me)) {
                return new DecodedCache(null, null, at + " or a folder above it is another user's, or writable by others"
                        + " or its group (under umask 002, say): the packages are decoded, and no copies kept. Make the"
                        + " folders yours alone (chmod g-w), or point rootfs.packageCache at a folder that is");
            }
            DecodedCache cache = new DecodedCache(at, me, "");
            long leftBefore = System.currentTimeMillis() - LEFT_BEHIND.toMillis();
            try (var files = Files.list(at)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    Matcher m = NAME.matcher(name);
                    if (m.matches()) {
                        cache.kept.put(m.group(1), f);
                    } else if (name.endsWith(".part") && Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS)
                            .toMillis() < leftBefore) {
                        Files.deleteIfExists(f); // a killed build's
                    }
                }
            }
            return cache;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return new DecodedCache(null, null, folder + " cannot be used (" + e + "): the packages are decoded, and no"
                    + " copies kept");
        }
    }

    /**
     * The folder (a real path) is {@code me}'s and nobody else may write it; each folder above it is {@code me}'s
     * or root's, and writable by nobody else unless sticky: no other user can have made it, or can
     * put another in its place.
     */
    private static boolean trusted(Path folder, Object me) throws IOException {
        Unix it = Unix.of(folder);
        if (!me.equals(it.uid()) || it.writableByOthers()) {
            return false;
        }
        for (Path above = folder.getParent(); above != null; above = above.getParent()) {
            Unix a = Unix.of(above);
            if (!a.uid().equals(me) && !a.uid().equals(0) || a.writableByOthers() && (a.mode() & 01000) == 0) {
                return false;
            }
        }
        return true;
    }

    /** An entry's owner and mode (with its type), read in one look, a link not followed. */
    private record Unix(Object uid, int mode) {
        static Unix of(Path p) throws IOException {
            Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            return new Unix(a.get("uid"), (Integer) a.get("mode"));
        }

        boolean writableByOthers() {
            return (mode & 022) != 0;
        }

        boolean regularFile() {
            return (mode & 0170000) == 0100000;
        }
    }

    /**
     * The kept data of the .deb with this SHA-256, as a stream that fails at its end when the copy
     * is damaged ({@link Damaged}); empty when there is none to trust.
     */
    Optional<InputStream> open(String sha256) {
        Path file = kept.get(sha256);
        if (file == null) {
            return Optional.empty();
        }
        try {
            Unix a = Unix.of(file);
            if (!a.regularFile() || a.writableByOthers() || !owner.equals(a.uid())) {
                kept.remove(sha256); // not used: a copy of this build's is kept in its place
                return Optional.empty();
            }
            Matcher m = NAME.matcher(file.getFileName().toString());
            m.matches();
            CachePruning.used(file);
            return Optional.of(new Checked(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS),
                    Integer.parseUnsignedInt(m.group(2), 16), file));
        } catch (IOException e) {
            kept.remove(sha256); // gone meanwhile, or unreadable: a copy of this build's is kept in its place
            return Optional.empty();
        }
    }

    /** Takes a copy away that was found damaged (another build may have replaced it meanwhile: then that one goes). */
    void forget(String sha256) {
        Path file = kept.remove(sha256);
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the next build finds it damaged too
            }
        }
    }

    /** What writes a package's decoded data. */
    interface Source {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Keeps the decoded data of the .deb with this SHA-256, unless one is kept already; a failure only means none is kept. */
    void keep(String sha256, Source data) {
        if (folder == null || kept.containsKey(sha256)) {
            return;
        }
        Path part = null;
        try {
            part = Files.createTempFile(folder, "." + sha256, ".part");
            CRC32C crc = new CRC32C();
            try (OutputStream out = new java.util.zip.CheckedOutputStream(Files.newOutputStream(part), crc)) {
                data.writeTo(out);
            }
            Path file = folder.resolve(sha256 + "." + HexFormat.of().toHexDigits((int) crc.getValue()) + ".tar");
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            part = null;
        } catch (IOException e) {
            // a full disk, a folder taken away: the next build decodes again
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    // left as a .part file, never read
                }
            }
        }
    }

    /** A kept copy whose CRC did not match at its end. */
    static final class Damaged extends IOException {
        Damaged(Path file) {
            super(file + " is damaged (its CRC-32C is not the one its name gives)");
        }
    }

    /** Reads a kept copy and checks its CRC-32C when its end is reached. */
    private static final class Checked extends java.util.zip.CheckedInputStream {
        private final int expected;
        private final Path file;

        Checked(InputStream in, int expected, Path file) {
            super(in, new CRC32C());
            this.expected = expected;
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            return atEnd(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return atEnd(super.read(b, off, len));
        }

        private int atEnd(int read) throws IOException {
            if (read < 0 && (int) getChecksum().getValue() != expected) {
                throw new Damaged(file);
            }
            return read;
        }
    }
}
