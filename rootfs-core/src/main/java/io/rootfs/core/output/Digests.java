package io.rootfs.core.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files and trees, as the log, the SBOM, the build report and the up-to-date check give them. */
public final class Digests {
    private Digests() {
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    /** The SHA-256 of a text's UTF-8 bytes. */
    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of these bytes. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** The SHA-256 of the buffer's remaining bytes (a mapped file is hashed where it lies). */
    public static String sha256(java.nio.ByteBuffer bytes) {
        MessageDigest digest = sha256();
        digest.update(bytes);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of what {@code in} holds, read to its end. */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * One SHA-256 over a tree (or a single file): every entry's path relative to the root, its type,
     * its permission bits, its link target and its content, in path order; links never followed.
     * Times and owners are left out: a fresh checkout of the same files gives the same digest.
     */
    public static String sha256Tree(Path given) throws IOException {
        Path root = given.toRealPath(); // a link to the folder: what is behind it counts, as the build copies that
        MessageDigest digest = sha256();
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.sorted().toList();
        }
        for (Path p : entries) {
            String relative = root.relativize(p).toString();
            String kind;
            if (Files.isSymbolicLink(p)) {
                kind = "l " + Files.readSymbolicLink(p);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                kind = "d";
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                kind = "f " + sha256(p);
            } else {
                kind = "o"; // a device, fifo or socket: its presence is what a tree of inputs says
            }
            int mode = Files.isSymbolicLink(p) ? 0 : (int) Files.getAttribute(p, "unix:mode") & 07777;
            digest.update((relative + "\0" + kind + "\0" + Integer.toOctalString(mode) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A fresh SHA-256 digest, for bytes hashed as they go by. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
