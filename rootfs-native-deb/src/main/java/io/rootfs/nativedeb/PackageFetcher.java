package io.rootfs.nativedeb;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Gets the .deb files of a resolved set into a cache keyed by their SHA-256 ({@code HASH.deb}), so
 * builds of any distro, release or option share what they fetched: each file is checked against
 * the index's size and SHA-256 while it streams in, written under a temporary name and moved into
 * place only when it matches. A bounded number of downloads run at once. Offline, what the cache
 * lacks is named and nothing is fetched.
 */
public final class PackageFetcher {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final String mirror;
    private final Path cache;
    private final int connections;
    private final java.util.function.Function<URI, java.net.Proxy> proxy;
    private final Duration stall;

    /** Where the downloads stand: packages and bytes done out of the total. */
    public record Progress(int done, int total, long bytes, long totalBytes) {
    }

    /**
     * @param proxies how to reach the mirror (Maven's proxies); null for a direct connection
     */
    public PackageFetcher(String mirror, Path cache, int connections, ProxySelector proxies) {
        this(mirror, cache, connections, proxies, TIMEOUT);
    }

    /** @param stall how long a download may receive nothing before it is given up */
    PackageFetcher(String mirror, Path cache, int connections, ProxySelector proxies, Duration stall) {
        this.stall = stall;
        this.mirror = mirror.endsWith("/") ? mirror : mirror + "/";
        this.cache = cache;
        this.connections = Math.max(1, connections);
        this.proxy = io.rootfs.core.host.ProxyRoute.of(proxies);
    }

    /** The name of a cached file: the package's SHA-256. */
    static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[0-9a-f]{64}\\.deb");

    /** The cached file of a package: its SHA-256 names it. */
    public Path cached(DebPackage p) {
        return cache.resolve(p.sha256() + ".deb");
    }

    /**
     * The cached file of every package, in the order given, fetching what the cache lacks.
     *
     * @param offline when true nothing is fetched: a package missing from the cache fails, by name
     */
    public List<Path> fetch(List<DebPackage> packages, boolean offline, Consumer<Progress> progress) {
        try (Downloads downloads = start(packages, offline, progress)) {
            return downloads.all();
        }
    }

    /**
     * Downloads under way: each package's cached file, in the order the packages were given, ready
     * when it is in the cache and checked, so the unpack can begin with the first while the rest
     * still come. Closing it stops what is still running.
     */
    public static final class Downloads implements AutoCloseable {
        private final List<CompletableFuture<Path>> files;
        private final ExecutorService pool;

        private Downloads(List<CompletableFuture<Path>> files, ExecutorService pool) {
            this.files = files;
            this.pool = pool;
        }

        /** Package {@code i}'s file, waiting for it. */
        public Path file(int i) {
            try {
                return files.get(i).get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw RootfsException.environment("Download failed: " + e.getCause(), e.getCause());
            } catch (java.util.concurrent.CancellationException e) {
                throw RootfsException.environment("The downloads were stopped", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RootfsException.environment("Interrupted while fetching packages", e);
            }
        }

        /** Every file, waiting for all (the first failure is thrown). */
        public List<Path> all() {
            List<Path> all = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                all.add(file(i));
            }
            return all;
        }

        @Override
        public void close() {
            pool.shutdownNow();
            files.forEach(f -> f.cancel(true)); // what never ran ends too: nobody waits for it for ever
        }
    }

    /**
     * Starts getting every package into the cache: a file already there is checked (size and
     * SHA-256) and taken, any other fetched, a bounded number at once, in the order given.
     *
     * @param offline when true nothing is fetched: what the cache lacks fails at once, every package named
     */
    public Downloads start(List<DebPackage> packages, boolean offline, Consumer<Progress> progress) {
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            throw RootfsException.environment("Cannot make the package cache " + cache + ": " + e.getMessage(), e);
        }
        if (offline) {
            List<DebPackage> missing = packages.stream().filter(p -> !intact(p)).toList();
            if (!missing.isEmpty()) {
                throw RootfsException.input("Maven runs offline (-o), and the package cache " + cache + " lacks: "
                        + String.join(", ", missing.stream().map(DebPackage::toString).toList())
                        + ". Run once without -o to fetch them.");
            }
        }
        // what is to be fetched, for the progress (a file of the right size is hashed in its turn)
        List<DebPackage> absent = packages.stream().filter(p -> !sizeMatches(p)).toList();
        // a file of the right size but another hash is fetched too: counted when that is found
        AtomicInteger total = new AtomicInteger(absent.size());
        AtomicLong totalBytes = new AtomicLong(absent.stream().mapToLong(DebPackage::size).sum());
        java.util.Set<DebPackage> counted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        counted.addAll(absent);
        AtomicInteger done = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(connections, r -> {
            Thread t = new Thread(r, "rootfs-fetch");
            t.setDaemon(true);
            return t;
        });
        List<CompletableFuture<Path>> files = new ArrayList<>();
        for (DebPackage p : packages) {
            files.add(CompletableFuture.supplyAsync(() -> {
                if (!intact(p)) {
                    if (!counted.contains(p)) {
                        total.incrementAndGet();
                        totalBytes.addAndGet(p.size());
                    }
                    if (offline) {
                        throw RootfsException.environment("The package cache " + cache + " changed under this build: "
                                + p + " no longer matches the index. Build again.");
                    }
                    try {
                        download(p);
                    } catch (IOException e) {
                        throw RootfsException.environment("Cannot fetch " + p + " from " + mirror + ": " + e
                                + ". Check the network, the proxy and rootfs.mirror.", e);
                    }
                    synchronized (done) { // one report of one moment
                        long b = bytes.addAndGet(p.size());
                        progress.accept(new Progress(done.incrementAndGet(), total.get(), b, totalBytes.get()));
                    }
                }
                return cached(p);
            }, pool));
        }
        return new Downloads(files, pool);
    }

    private boolean sizeMatches(DebPackage p) {
        try {
            return Files.isRegularFile(cached(p)) && Files.size(cached(p)) == p.size();
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the cached file is there with the size and hash the index gives (a damaged one is fetched again). */
    private boolean intact(DebPackage p) {
        Path file = cached(p);
        try {
            if (!sizeMatches(p)) {
                return false;
            }
            CachePruning.used(file); // before it is read: a build pruning the cache meanwhile keeps it
            try (InputStream in = Files.newInputStream(file)) {
                return io.rootfs.core.output.Digests.sha256(in).equals(p.sha256());
            }
        } catch (IOException e) {
            return false;
        }
    }

    private void download(DebPackage p) throws IOException {
        if (p.filename().startsWith("/") || p.filename().contains("..") || p.filename().contains("\\")) {
            throw RootfsException.input("The index names " + p + " at " + p.filename() + ", outside the mirror");
        }
        String url = mirror + quoted(p.filename());
        // a name of this download's own: two builds fetching the same package never share a file
        Path part = CacheFiles.newFile(cache, "." + p.sha256(), ".part");
        boolean placed = false;
        try {
            placed = download(p, url, part);
        } finally {
            if (!placed) {
                Files.deleteIfExists(part);
            }
        }
    }

    private boolean download(DebPackage p, String url, Path part) throws IOException {
        MessageDigest digest = io.rootfs.core.output.Digests.sha256();
        long written;
        Fetched fetched = open(url);
        boolean read = false;
        try (OutputStream out = Files.newOutputStream(part)) {
            written = copy(new DigestInputStream(fetched.body(), digest), out, p.size());
            read = written == p.size();
        } catch (java.net.SocketTimeoutException e) {
            throw stalledAt(url, p);
        } finally {
            if (read) {
                fetched.body().close(); // read to its end: the connection is kept for the next package
            } else {
                fetched.drop().run(); // what is left of it is not read
            }
        }
        String got = HexFormat.of().formatHex(digest.digest());
        if (written != p.size() || !got.equals(p.sha256())) {
            throw RootfsException.input(url + " (" + p + ") does not match the index: " + written + " bytes with SHA-256 "
                    + got + ", the index gives " + p.size() + " bytes with " + p.sha256() + ". The mirror is being"
                    + " updated or broken: retry, or set rootfs.mirror (now " + mirror + ") to another.");
        }
        Files.move(part, cached(p), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    private RootfsException stalledAt(String url, DebPackage p) {
        return RootfsException.environment(url + " (" + p + "): the mirror sent nothing for " + stall.toSeconds()
                + " s and the download was given up. Retry, or set rootfs.mirror (now " + mirror + ") to another.");
    }

    /** An answer's body, and how to drop its connection when the body is not read to its end. */
    private record Fetched(InputStream body, Runnable drop) {
    }

    private Fetched open(String url) throws IOException {
        if (url.startsWith("file:")) {
            Path file = Path.of(URI.create(url));
            if (!Files.isRegularFile(file)) {
                throw RootfsException.input(url + " does not exist. Check rootfs.mirror=" + mirror + ".");
            }
            InputStream in = Files.newInputStream(file);
            return new Fetched(in, () -> closeQuietly(in));
        }
        // a read that waits longer than the stall for data fails: the download is given up
        java.net.HttpURLConnection c = io.rootfs.core.host.HttpGet.open(URI.create(url), proxy, TIMEOUT, stall);
        if (c.getResponseCode() != 200) {
            int code = c.getResponseCode();
            io.rootfs.core.host.HttpGet.discard(c);
            throw RootfsException.input(url + ": HTTP " + code + ". The mirror no longer has this"
                    + " version: update the index (build again), or set rootfs.mirror (now " + mirror + ") to a"
                    + " snapshot archive that has it.");
        }
        InputStream body = c.getInputStream();
        return new Fetched(body, () -> {
            c.disconnect();
            closeQuietly(body);
        });
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // dropped anyway
        }
    }

    /**
     * A path of the index as a URL path, as apt requests it: every byte but letters, digits and
     * {@code / - . _ ~ +} quoted ({@code 1%3a2.38} names a file with {@code %} in its name).
     */
    static String quoted(String path) {
        StringBuilder b = new StringBuilder();
        for (byte c : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "/-._~+".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append(String.format("%%%02X", c & 0xff));
            }
        }
        return b.toString();
    }

    /** Copies at most one byte more than expected, so an oversized answer is caught without reading it all. */
    private static long copy(InputStream in, OutputStream out, long expected) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            total += n;
            if (total > expected) {
                break;
            }
        }
        return total;
    }
}
