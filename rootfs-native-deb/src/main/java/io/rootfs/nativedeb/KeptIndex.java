package io.rootfs.nativedeb;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The repository index a build read, kept in the package cache for the next one: the signed
 * InRelease and each uncompressed Packages file, under the names apt gives its lists (so the host
 * backend's mmdebstrap reads the same folder), and beside the folder the mirror they came from. An
 * online build reads a kept Packages file instead of fetching and decompressing it when its
 * SHA-256 is the one the fresh InRelease gives; an offline build (-o) takes both from here, the
 * signature checked again. Files are replaced by renames, so a build never reads half of one.
 */
final class KeptIndex {
    private final Path folder;
    private final String mirror;

    /** @param mirror the mirror as the build names it (recorded as given) */
    KeptIndex(Path folder, String mirror) {
        this.folder = folder;
        this.mirror = mirror;
    }

    /** Whether the kept index came from this build's mirror. */
    boolean fromThisMirror() {
        try {
            Path from = mirrorFile();
            return Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS) && Files.readString(from).strip().equals(mirror);
        } catch (IOException e) {
            return false;
        }
    }

    /** The kept file of a repository path ({@code dists/bookworm/InRelease}), when there is one from this mirror. */
    Optional<Path> kept(String path) {
        Path file = folder.resolve(aptName(path));
        return fromThisMirror() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file)
                : Optional.empty();
    }

    /** Keeps {@code bytes} as the file of {@code path}. */
    void keep(String path, byte[] bytes) throws IOException {
        Files.createDirectories(folder);
        if (!fromThisMirror()) {
            // another mirror's index is of no use to this one: the mirror file says whose the folder holds
            CacheFiles.replace(mirrorFile(), ".index-mirror", tmp -> Files.writeString(tmp, mirror + "\n",
                    StandardCharsets.UTF_8));
        }
        CacheFiles.replace(folder.resolve(aptName(path)), ".kept", tmp -> {
            // in large writes: a 50 MB index in 8 KiB ones (Files.copy) took 0.2 s
            try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.WRITE)) {
                for (int at = 0; at < bytes.length; at += 1 << 20) {
                    java.nio.ByteBuffer slice = java.nio.ByteBuffer.wrap(bytes, at, Math.min(1 << 20, bytes.length - at));
                    while (slice.hasRemaining()) {
                        out.write(slice);
                    }
                }
            }
        });
    }

    private Path mirrorFile() {
        return folder.resolveSibling(folder.getFileName() + ".mirror");
    }

    /**
     * The name apt gives the list file of {@code path} (apt's URItoFileName): the URL without its
     * scheme and credentials, special characters quoted as {@code %xx}, then {@code /} as {@code _}.
     */
    String aptName(String path) {
        URI uri = URI.create(mirror.endsWith("/") ? mirror : mirror + "/");
        String rest = (uri.getHost() == null ? "" : uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()))
                + uri.getRawPath() + path;
        StringBuilder quoted = new StringBuilder();
        for (char c : rest.toCharArray()) {
            if ("\\|{}[]<>\"^~_=!@#$%&*".indexOf(c) >= 0 || c <= 0x20 || c >= 0x7f) {
                quoted.append(String.format("%%%02x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.toString().replaceAll("^/+", "").replace('/', '_');
    }
}
