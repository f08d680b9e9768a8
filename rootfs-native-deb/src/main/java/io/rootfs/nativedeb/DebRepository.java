package io.rootfs.nativedeb;

import io.rootfs.core.RootfsException;
import io.rootfs.core.output.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A Debian-style repository read inside the JVM: {@code dists/SUITE/InRelease} fetched and its
 * signature checked, then each component's Packages index (xz, else gzip, else plain) fetched,
 * checked against the SHA-256 and size InRelease gives, and read into a {@link PackageIndex}.
 * Every refusal names the file, the mirror and {@code rootfs.mirror}.
 */
public final class DebRepository {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long MAX_INRELEASE = 16L << 20;
    /** The largest uncompressed Packages file read (bookworm's main is 50 MB). */
    static final long MAX_PACKAGES = 1L << 30;
    private final String mirror;
    private final SignedRelease.TrustedKeys keys;
    private final Clock clock;
    private final HttpClient http;
    private KeptIndex kept;
    private boolean offline;

    /** @param mirror the repository's base URL ({@code http(s)://} or {@code file:}), as rootfs.mirror gives it */
    public DebRepository(String mirror, SignedRelease.TrustedKeys keys, Clock clock) {
        this(mirror, keys, clock, null);
    }

    /** @param proxies how to reach the mirror (Maven's proxies); null for a direct connection */
    public DebRepository(String mirror, SignedRelease.TrustedKeys keys, Clock clock, java.net.ProxySelector proxies) {
        this.mirror = mirror.endsWith("/") ? mirror : mirror + "/";
        this.keys = keys;
        this.clock = clock;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL);
        if (proxies != null) {
            b.proxy(proxies);
        }
        this.http = b.build();
    }

    /**
     * Keeps the index read in {@code folder} for the next build, and reads a kept Packages file
     * whose hash InRelease still gives instead of fetching it again; when {@code offline}, reads
     * the index from there only.
     */
    public DebRepository keptIn(Path folder, String mirrorAsGiven, boolean offline) {
        this.kept = new KeptIndex(folder, mirrorAsGiven);
        this.offline = offline;
        return this;
    }

    /** The kept Packages file of {@code base} ({@code main/binary-amd64/Packages}), unchecked: the caller hashes what it reads. */
    Optional<Path> keptPackagesFile(String suite, String base) {
        return kept == null ? Optional.empty() : kept.kept("dists/" + suite + "/" + base);
    }

    /** The suite's signed Release, its dates checked. */
    public ReleaseFile release(String suite) {
        String path = "dists/" + suite + "/InRelease";
        byte[] bytes = offline ? keptBytes(path) : fetch(path, MAX_INRELEASE);
        String text;
        try {
            text = SignedRelease.verify(bytes, keys, url(path), clock.instant());
        } catch (SignedRelease.BadSignatureException e) {
            throw RootfsException.input(e.getMessage() + ". Check the mirror (rootfs.mirror=" + mirror + ") and the"
                    + " distro's archive keys.");
        }
        ReleaseFile release;
        try {
            release = ReleaseFile.parse(text);
        } catch (IllegalArgumentException e) {
            throw RootfsException.input(url(path) + " is no Release file: " + e.getMessage() + ". Check rootfs.mirror="
                    + mirror + ".");
        }
        if (!suite.equals(release.suite()) && !suite.equals(release.codename())) {
            throw RootfsException.input(url(path) + " is the Release of " + release.suite() + " (" + release.codename()
                    + "), not of " + suite + ": the mirror serves another suite under this name. Check rootfs.mirror="
                    + mirror + ".");
        }
        if (release.validUntil() != null && release.validUntil().isBefore(clock.instant())) {
            throw RootfsException.input(url(path) + " expired at " + release.validUntil() + " (Valid-Until): the mirror"
                    + " serves an outdated copy of the archive. Use another mirror (rootfs.mirror=" + mirror + "), or"
                    + " a snapshot archive on purpose.");
        }
        if (kept != null && !offline) {
            try {
                kept.keep(path, bytes);
            } catch (IOException e) {
                // a cache that cannot be written costs the next build time, not this one its result
            }
        }
        return release;
    }

    private byte[] keptBytes(String path) {
        Path file = kept == null ? null : kept.kept(path).orElse(null);
        if (file == null) {
            throw RootfsException.input("Maven runs offline (-o), and the package cache holds no " + path + " of " + mirror
                    + ". Run once without -o to keep the index there.");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw RootfsException.environment("Cannot read the kept index " + file + ": " + e.getMessage(), e);
        }
    }

    /** The packages of {@code arch} and {@code all} in the given components, each index checked against the release. */
    public PackageIndex packages(String suite, ReleaseFile release, List<String> components, String arch) {
        PackageIndex index = new PackageIndex(arch);
        for (String component : components) {
            String base = component + "/binary-" + arch + "/Packages";
            String chosen = null;
            for (String ext : List.of(".xz", ".gz", "")) {
                if (release.entry(base + ext).isPresent()) {
                    chosen = base + ext;
                    break;
                }
            }
            if (chosen == null) {
                throw RootfsException.input("dists/" + suite + "/InRelease at " + mirror + " lists no " + base
                        + "(.xz|.gz): the suite has no component " + component + " for " + arch + ". Check rootfs.mirror"
                        + " and the release.");
            }
            ReleaseFile.Entry entry = release.entry(chosen).orElseThrow();
            String path = "dists/" + suite + "/" + chosen;
            if (readKept(index, suite, base, release, url(path))) {
                continue;
            }
            if (offline) {
                throw RootfsException.input("Maven runs offline (-o), and the package cache holds no " + base + " of " + suite
                        + " from " + mirror + " that InRelease names. Run once without -o to keep the index there.");
            }
            byte[] bytes = fetch(path, entry.size() + 1);
            if (bytes.length != entry.size() || !Digests.sha256(bytes).equals(entry.sha256())) {
                throw RootfsException.input(url(path) + " does not match the SHA-256 and size InRelease gives ("
                        + entry.size() + " bytes expected, " + bytes.length + " fetched): the mirror is being updated or"
                        + " broken. Retry, or use another mirror (rootfs.mirror=" + mirror + ").");
            }
            if (kept != null) {
                try (InputStream raw = decompress(chosen, new ByteArrayInputStream(bytes))) {
                    kept.keep("dists/" + suite + "/" + base, raw);
                } catch (IOException e) {
                    throw RootfsException.input(url(path) + " cannot be read: " + e.getMessage() + ". Check rootfs.mirror="
                            + mirror + ".");
                }
                if (readKept(index, suite, base, release, url(path))) {
                    continue;
                }
            }
            try (InputStream raw = decompress(chosen, new ByteArrayInputStream(bytes))) {
                read(index, raw, url(path));
            } catch (IOException e) {
                throw RootfsException.input(url(path) + " cannot be read: " + e.getMessage() + ". Check rootfs.mirror="
                        + mirror + ".");
            }
        }
        return index;
    }

    /**
     * Reads the kept uncompressed Packages file into {@code index} when its size and SHA-256 are the
     * ones this InRelease gives: hashed as it is parsed (one pass over 50 MB), its entries taken only
     * when the hash matches at the end.
     *
     * @return whether it was read
     */
    private boolean readKept(PackageIndex index, String suite, String base, ReleaseFile release, String source) {
        Optional<ReleaseFile.Entry> plain = release.entry(base);
        Optional<Path> file = kept == null ? Optional.empty() : kept.kept("dists/" + suite + "/" + base);
        if (plain.isEmpty() || file.isEmpty()) {
            return false;
        }
        byte[] bytes;
        try {
            // read once into memory: the bytes hashed are the bytes parsed, whatever happens to the file meanwhile
            if (Files.size(file.get()) != plain.get().size() || plain.get().size() > MAX_PACKAGES) {
                return false;
            }
            bytes = Files.readAllBytes(file.get());
        } catch (IOException e) {
            return false;
        }
        java.nio.ByteBuffer data = java.nio.ByteBuffer.wrap(bytes);
        try {
            // two halves parsed at once, split between two entries; the other thread also hashes the whole
            // file; the entries are taken in file order, and only when the hash is InRelease's
            int split = PackageIndex.entryBoundary(data, data.limit() / 2);
            java.util.concurrent.CompletableFuture<List<PackageIndex.Located>> second = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> PackageIndex.parse(data.slice(split, data.limit() - split), split,
                            index.architecture(), base));
            java.util.concurrent.CompletableFuture<String> hash = second.thenApply(x -> Digests.sha256(bytes));
            List<PackageIndex.Located> first = PackageIndex.parse(data.slice(0, split), 0, index.architecture(), base);
            List<PackageIndex.Located> rest = second.join();
            if (!hash.join().equals(plain.get().sha256())) {
                return false;
            }
            index.addLocated(first);
            index.addLocated(rest);
            return true;
        } catch (IllegalArgumentException | java.util.concurrent.CompletionException e) {
            return false; // damaged or half written: fetched again (online), refused (offline)
        }
    }

    private static void read(PackageIndex index, InputStream raw, String source) {
        try (InputStream in = raw) {
            index.add(in, source);
        } catch (IOException | IllegalArgumentException e) {
            throw RootfsException.input(source + " cannot be read: " + e.getMessage() + ". Check rootfs.mirror.");
        }
    }

    private static InputStream decompress(String name, InputStream in) throws IOException {
        if (name.endsWith(".xz")) {
            return new XZInputStream(in);
        }
        return name.endsWith(".gz") ? new GZIPInputStream(in) : in;
    }

    String url(String path) {
        return mirror + path;
    }

    /** The file's bytes, refused beyond {@code limit} (a mirror cannot make the build read without end). */
    byte[] fetch(String path, long limit) {
        String url = url(path);
        try {
            if (mirror.startsWith("file:")) {
                Path file = Path.of(URI.create(url));
                if (Files.size(file) > limit) {
                    throw RootfsException.input(url + " is larger than expected (" + Files.size(file) + " bytes)");
                }
                return Files.readAllBytes(file);
            }
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body(); StallGuard guard = new StallGuard(body, TIMEOUT)) {
                if (response.statusCode() != 200) {
                    throw RootfsException.input(url + ": HTTP " + response.statusCode() + ". Check rootfs.mirror=" + mirror
                            + " and the release.");
                }
                byte[] bytes;
                try {
                    bytes = guard.wrap(body).readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
                } catch (IOException e) {
                    if (guard.stalled()) {
                        throw stalled(url);
                    }
                    throw e;
                }
                if (guard.stalled()) {
                    throw stalled(url);
                }
                if (bytes.length > limit) {
                    throw RootfsException.input(url + " is larger than expected (over " + limit + " bytes)");
                }
                return bytes;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw RootfsException.input(url + " does not exist. Check rootfs.mirror=" + mirror + " and the release.");
        } catch (IOException e) {
            throw RootfsException.environment("Cannot fetch " + url + ": " + e + ". Check the network, the proxy and"
                    + " rootfs.mirror=" + mirror + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RootfsException.environment("Interrupted while fetching " + url, e);
        }
    }

    private RootfsException stalled(String url) {
        return RootfsException.environment(url + ": the mirror sent nothing for " + TIMEOUT.toSeconds()
                + " s. Retry, or set rootfs.mirror (now " + mirror + ") to another.");
    }
}
