package io.rootfs.core.pipeline;

import io.rootfs.api.Proxy;
import io.rootfs.core.output.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The digest of the file every repository of a distro must have (Debian's {@code InRelease}, an
 * RPM repository's {@code repomd.xml}, Alpine's {@code APKINDEX.tar.gz}): it changes whenever the
 * repository does, so an unchanged digest means the same packages would be installed again.
 */
final class RepositoryIndex {
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration WHOLE = Duration.ofSeconds(15);
    /** An index is megabytes at most (Debian's InRelease: 150 kB): more is not an index. */
    private static final long MAX_BYTES = 64L << 20;

    private RepositoryIndex() {
    }

    /** The SHA-256 of what {@code url} serves (http, https or file), through the first http proxy given. */
    static String sha256(String url, List<Proxy> proxies) throws IOException {
        URI uri = URI.create(url);
        if ("file".equals(uri.getScheme())) {
            Path file = Path.of(uri);
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                throw new IOException(file + " is not a plain file of at most " + MAX_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return Digests.sha256(capped(in, System.nanoTime() + WHOLE.toNanos()));
            }
        }
        // HttpURLConnection, not java.net.http: a cold JVM sets the latter up in half a second, the
        // former in milliseconds, and this runs once per build, in the up-to-date check's budget
        HttpURLConnection http = io.rootfs.core.host.HttpGet.open(uri, u -> io.rootfs.core.host.ProxyRoute.of(u, proxies),
                CONNECT, WHOLE);
        try {
            if (http.getResponseCode() != 200) {
                throw new IOException("HTTP " + http.getResponseCode());
            }
            try (InputStream in = http.getInputStream()) {
                return Digests.sha256(capped(in, System.nanoTime() + WHOLE.toNanos()));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            http.disconnect();
        }
    }

    /**
     * Whether the plugin reads {@code url} as a distro's index: the scripts name it (in a container,
     * untrusted), so only http(s), or a plain file inside the file:// mirror the user gave.
     */
    static boolean accepted(String url, String mirror) {
        if (url == null || url.isEmpty()) {
            return false;
        }
        if (url.matches("https?://\\S+")) {
            return true;
        }
        if (mirror == null || !mirror.startsWith("file:") || !url.startsWith("file:")) {
            return false;
        }
        try {
            Path root = Path.of(URI.create(mirror)).normalize();
            Path file = Path.of(URI.create(url)).normalize();
            return file.startsWith(root) && !file.equals(root);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return false;
        }
    }

    /** {@code in}, failing once it has given more than an index holds or read past the deadline. */
    private static InputStream capped(InputStream in, long deadline) {
        return new java.io.FilterInputStream(in) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (System.nanoTime() > deadline) {
                    throw new IOException("slower than " + WHOLE.toSeconds() + " s");
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                if (read > MAX_BYTES) {
                    throw new IOException("more than " + MAX_BYTES + " bytes: not an index");
                }
                return n;
            }
        };
    }
}
