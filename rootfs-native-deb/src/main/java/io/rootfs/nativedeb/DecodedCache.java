package io.rootfs.nativedeb;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
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
 * the .deb decoded again. A copy is used only when it is a plain file owned by the folder's owner
 * and writable by nobody else; it is written under a name of its own and moved into place whole,
 * so builds sharing the cache never read half of one.
 */
final class DecodedCache {
    private static final Pattern NAME = Pattern.compile("([0-9a-f]{64})\\.([0-9a-f]{8})\\.tar");
    private final Path folder;
    private final Map<String, Path> kept = new HashMap<>();
    private final Object owner;

    private DecodedCache(Path folder, Object owner) {
        this.folder = folder;
        this.owner = owner;
    }

    /** None kept, none written. */
    static DecodedCache none() {
        return new DecodedCache(null, null);
    }

    /** The copies kept in {@code folder} (made when missing); none when it cannot be used. */
    static DecodedCache in(Path folder) {
        try {
            Files.createDirectories(folder);
            PosixFileAttributes attributes = Files.readAttributes(folder, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isDirectory() || writableByOthers(attributes)) {
                return none();
            }
            DecodedCache cache = new DecodedCache(folder, Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            try (var files = Files.list(folder)) {
                files.forEach(f -> {
                    Matcher m = NAME.matcher(f.getFileName().toString());
                    if (m.matches()) {
                        cache.kept.put(m.group(1), f);
                    }
                });
            }
            return cache;
        } catch (IOException | UnsupportedOperationException e) {
            return none();
        }
    }

    private static boolean writableByOthers(PosixFileAttributes a) {
        return a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
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
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || writableByOthers(a)
                    || !owner.equals(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
                return Optional.empty();
            }
            Matcher m = NAME.matcher(file.getFileName().toString());
            m.matches();
            return Optional.of(new Checked(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS),
                    Integer.parseUnsignedInt(m.group(2), 16), file));
        } catch (IOException e) {
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

    /** Whether copies are written: the folder was usable. */
    boolean writes() {
        return folder != null;
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
    private static final class Checked extends FilterInputStream {
        private final CRC32C crc = new CRC32C();
        private final int expected;
        private final Path file;

        Checked(InputStream in, int expected, Path file) {
            super(in);
            this.expected = expected;
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                crc.update(b, off, n);
            } else if (n < 0 && (int) crc.getValue() != expected) {
                throw new Damaged(file);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] b = new byte[(int) Math.min(n, 8192)];
            int read = read(b, 0, b.length);
            return Math.max(read, 0);
        }
    }
}
