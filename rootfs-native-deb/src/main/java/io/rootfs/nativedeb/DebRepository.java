package io.rootfs.nativedeb;

import io.rootfs.core.RootfsException;
import io.rootfs.core.output.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
    /**
     * The largest Packages file read, compressed or not (bookworm's main is 50 MB uncompressed, the
     * largest archives' about 100 MB): the index is fetched and uncompressed in memory, partly before
     * the signature of the InRelease that gives its size is checked, so a forged one cannot make the
     * build hold more than this.
     */
    static final long MAX_PACKAGES = 256L << 20;
    private final String mirror;
    private final java.util.function.Supplier<SignedRelease.TrustedKeys> keys;
    private final Clock clock;
    private final java.util.function.Function<URI, java.net.Proxy> proxy;
    /** The memory an xz stream may take to decode (its dictionary): xz -9 needs 65 MiB; more is refused, not allocated. */
    static final int XZ_MEMORY_LIMIT_KIB = 128 << 10;
    /** Threads of their own, daemons: the common pool may have one thread on a small machine. */
    private static final java.util.concurrent.Executor OWN_THREAD = task -> {
        Thread t = new Thread(task, "rootfs-index");
        t.setDaemon(true);
        t.start();
    };
    private KeptIndex kept;
    private boolean offline;
    /** The signature check of the InRelease the index is being read with, while it runs. */
    private volatile java.util.concurrent.CompletableFuture<ReleaseFile> checking;
    /** The Releases whose signature was checked (by identity): an index read with another is kept only once it is. */
    private final java.util.Set<ReleaseFile> checkedReleases = java.util.Collections.synchronizedSet(
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    /** Uncompressed indexes read with a Release not checked yet (path, text): kept once the check passes. */
    private final List<Kept> keepWhenChecked = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    /** An uncompressed index to keep: its repository path and its text. */
    private record Kept(String path, byte[] text) {
    }

    /** @param mirror the repository's base URL ({@code http(s)://} or {@code file:}), as rootfs.mirror gives it */
    public DebRepository(String mirror, SignedRelease.TrustedKeys keys, Clock clock) {
        this(mirror, keys, clock, null);
    }

    /** @param proxies how to reach the mirror (Maven's proxies); null for a direct connection */
    public DebRepository(String mirror, SignedRelease.TrustedKeys keys, Clock clock, java.net.ProxySelector proxies) {
        this(mirror, () -> keys, clock, proxies);
    }

    /**
     * @param keys loads the archive keys when the signature is checked (on another thread than the
     *             one that starts on the index: loading OpenPGP's classes and keys takes half a second)
     */
    public DebRepository(String mirror, java.util.function.Supplier<SignedRelease.TrustedKeys> keys, Clock clock,
            java.net.ProxySelector proxies) {
        this.mirror = mirror.endsWith("/") ? mirror : mirror + "/";
        this.keys = keys;
        this.clock = clock;
        this.proxy = io.rootfs.core.host.ProxyRoute.of(proxies);
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
        return releaseAhead(suite).verified();
    }

    /**
     * A suite's InRelease as fetched, its signature being checked on another thread meanwhile: what
     * it claims can be used to fetch and read the index at once, and counts only when
     * {@link #verified()} confirms it.
     */
    public final class PendingRelease {
        private final ReleaseFile claimed;
        private final java.util.concurrent.CompletableFuture<ReleaseFile> verified;

        private final long[] took;

        private PendingRelease(ReleaseFile claimed, java.util.concurrent.CompletableFuture<ReleaseFile> verified,
                long[] took) {
            this.claimed = claimed;
            this.verified = verified;
            this.took = took;
        }

        /** How long the keys took to load and the signature to be checked, from the fetch of InRelease on (once checked). */
        public double checkSeconds() {
            verified();
            return took[0] / 1e9;
        }

        /** The Release as the file says it is, unchecked (the checked one when it cannot be read unchecked). */
        public ReleaseFile claimed() {
            return claimed != null ? claimed : verified();
        }

        /**
         * The Release, its signature, suite and dates checked: the same as {@link #claimed()}.
         *
         * @throws RootfsException when the check fails
         */
        public ReleaseFile verified() {
            ReleaseFile checked;
            try {
                checked = verified.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
            if (claimed != null && !claimed.equals(checked)) {
                throw new IllegalStateException("The signed Release differs from the text read before its check");
            }
            return checked;
        }

        /**
         * Runs {@code work} on the claimed Release; when it fails, a failed check is reported
         * first (a mirror that serves a forged InRelease is told as such, not by what followed).
         */
        public <T> T use(java.util.function.Function<ReleaseFile, T> work) {
            T result = ahead(work);
            verified();
            keepChecked();
            return result;
        }

        /**
         * Runs {@code work} on the claimed Release and, when it succeeds, returns without waiting for
         * the check: the caller calls {@link #verified()} before anything that counts. When it fails,
         * a failed check is reported first, as with {@link #use}.
         */
        public <T> T ahead(java.util.function.Function<ReleaseFile, T> work) {
            try {
                return work.apply(claimed());
            } catch (RuntimeException | Error e) {
                try {
                    verified();
                } catch (RuntimeException failed) {
                    failed.addSuppressed(e);
                    throw failed;
                }
                throw e;
            }
        }
    }

    /** Fetches the suite's InRelease and starts checking its signature; see {@link PendingRelease}. */
    public PendingRelease releaseAhead(String suite) {
        String path = "dists/" + suite + "/InRelease";
        // the keys are loaded while InRelease is fetched, then its signature checked while the index is read
        long began = System.nanoTime();
        java.util.concurrent.CompletableFuture<SignedRelease.TrustedKeys> loaded = java.util.concurrent.CompletableFuture
                .supplyAsync(keys, OWN_THREAD);
        byte[] bytes;
        try {
            bytes = offline ? keptBytes(path) : fetch(path, MAX_INRELEASE);
        } catch (RuntimeException e) {
            loaded.cancel(false);
            throw e;
        }
        long[] took = new long[1];
        java.util.concurrent.CompletableFuture<ReleaseFile> verified = loaded.thenApplyAsync(k -> {
            ReleaseFile r = checked(suite, path, bytes, k);
            took[0] = System.nanoTime() - began;
            return r;
        }, OWN_THREAD);
        checking = verified;
        ReleaseFile claimed;
        try {
            claimed = ReleaseFile.parse(SignedRelease.claimedText(bytes, url(path)));
        } catch (RuntimeException e) {
            claimed = null; // the check says what is wrong with it
        }
        return new PendingRelease(claimed, verified, took);
    }

    private ReleaseFile checked(String suite, String path, byte[] bytes, SignedRelease.TrustedKeys trusted) {
        String text;
        try {
            text = SignedRelease.verify(bytes, trusted, url(path), clock.instant());
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
        checkedReleases.add(release);
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

    /**
     * The compressions a Packages index is taken in, in order of preference: gzip first, as the JVM
     * decodes bookworm's main (50 MB) from gzip in a quarter of the time it takes from xz (0.26 s
     * against 1.0 s measured here), for 3.3 MB more to fetch.
     */
    static final List<String> COMPRESSIONS = List.of(".gz", ".xz", "");

    /** The packages of {@code arch} and {@code all} in the given components, each index checked against the release. */
    public PackageIndex packages(String suite, ReleaseFile release, List<String> components, String arch) {
        PackageIndex index = new PackageIndex(arch);
        for (String component : components) {
            String base = component + "/binary-" + arch + "/Packages";
            String chosen = null;
            for (String ext : COMPRESSIONS) {
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
            stopIfForged(release);
            if (readKept(index, suite, base, release)) {
                continue;
            }
            if (offline) {
                throw RootfsException.input("Maven runs offline (-o), and the package cache holds no " + base + " of " + suite
                        + " from " + mirror + " that InRelease names. Run once without -o to keep the index there.");
            }
            if (entry.size() > MAX_PACKAGES) {
                throw RootfsException.input(url(path) + " is " + entry.size() + " bytes, InRelease says: more than any"
                        + " Packages index (" + (MAX_PACKAGES >> 20) + " MiB). Check rootfs.mirror=" + mirror + ".");
            }
            boolean checked = checkedReleases.contains(release);
            if (!checked && entry.size() > UNCHECKED_FETCH) {
                awaitCheck(); // a large index is fetched only on a checked word
            }
            Optional<ReleaseFile.Entry> plain = release.entry(base);
            String keptPath = "dists/" + suite + "/" + base;
            byte[] text;
            if (plain.isPresent() && plain.get().size() <= MAX_PACKAGES) {
                // fetched, uncompressed and summed up at once (Debian and Ubuntu give the uncompressed size)
                PackageIndex staged = index.staging();
                StreamedIndex.Read read = fetchStreamed(path, chosen, entry, plain.get(), staged, base, release);
                if (read.length() != plain.get().size() || !read.sha256().equals(plain.get().sha256())) {
                    throw uncompressedMismatch(path, base);
                }
                text = read.text();
                index.addAll(staged);
            } else {
                byte[] bytes = fetch(path, entry.size() + 1);
                stopIfForged(release);
                if (bytes.length != entry.size() || !Digests.sha256(bytes).equals(entry.sha256())) {
                    throw compressedMismatch(path, entry, bytes.length);
                }
                try (InputStream raw = decompress(chosen, new ByteArrayInputStream(bytes))) {
                    text = readUpTo(raw, plain.map(ReleaseFile.Entry::size).orElse(MAX_PACKAGES), url(path));
                } catch (IOException e) {
                    throw unreadable(path, e);
                }
                bytes = null; // the compressed copy is not needed beyond here
                stopIfForged(release);
                try {
                    if (!parseChecked(index, text, plain.map(ReleaseFile.Entry::sha256).orElse(null), base)) {
                        throw uncompressedMismatch(path, base);
                    }
                } catch (IllegalArgumentException | java.util.concurrent.CompletionException e) {
                    throw unreadable(path, e.getCause() == null ? e : e.getCause());
                }
            }
            // kept for the next build; read with a Release not checked yet, kept only once the check
            // passes (a later build trusts a kept file whose hash a checked InRelease gives)
            if (kept != null && plain.isPresent()) {
                if (checked) {
                    keep(keptPath, text);
                } else {
                    keepWhenChecked.add(new Kept(keptPath, text));
                }
            }
        }
        return index;
    }

    /**
     * Fetches a compressed index and reads it as it arrives (see {@link StreamedIndex}), its
     * compressed size and SHA-256 checked at the end; a stream that cannot be uncompressed is told
     * as a mismatch when it is not the file InRelease names.
     */
    private StreamedIndex.Read fetchStreamed(String path, String chosen, ReleaseFile.Entry entry, ReleaseFile.Entry plain,
            PackageIndex staged, String base, ReleaseFile release) {
        return fetch(path, entry.size(), body -> {
            // the body is closed by the fetch that opened it, after what is left is read here
            MeteredInput hashed = MeteredInput.hashed(body);
            StreamedIndex.Read read;
            InputStream uncompressed = null;
            try {
                uncompressed = decompress(chosen, hashed);
                read = StreamedIndex.read(uncompressed, (int) plain.size(), staged, base, OWN_THREAD,
                        () -> stopIfForged(release));
            } catch (java.net.SocketTimeoutException e) {
                throw e; // the mirror stopped sending: told as such
            } catch (IOException | IllegalArgumentException e) {
                requireFetched(path, entry, hashed); // a wrong file is told as such, not as a bad one
                throw unreadable(path, e);
            } finally {
                if (uncompressed != null) {
                    uncompressed.close(); // its decoder's memory (the body stays open: see above)
                }
            }
            requireFetched(path, entry, hashed);
            stopIfForged(release);
            return read;
        });
    }

    /** Reads what is left of a fetched compressed index and checks it is the file InRelease names. */
    private void requireFetched(String path, ReleaseFile.Entry entry, MeteredInput compressed) throws IOException {
        compressed.transferTo(java.io.OutputStream.nullOutputStream());
        if (compressed.count() != entry.size() || !compressed.sha256().equals(entry.sha256())) {
            throw compressedMismatch(path, entry, compressed.count());
        }
    }

    private RootfsException compressedMismatch(String path, ReleaseFile.Entry entry, long fetched) {
        return RootfsException.input(url(path) + " does not match the SHA-256 and size InRelease gives (" + entry.size()
                + " bytes expected, " + fetched + " fetched): the mirror is being updated or broken. Retry, or use"
                + " another mirror (rootfs.mirror=" + mirror + ").");
    }

    private RootfsException uncompressedMismatch(String path, String base) {
        return RootfsException.input(url(path) + " uncompressed does not match the SHA-256 InRelease gives for " + base
                + ": the mirror is being updated or broken. Retry, or use another mirror (rootfs.mirror=" + mirror + ").");
    }

    private RootfsException unreadable(String path, Throwable e) {
        return RootfsException.input(url(path) + " cannot be read: " + e.getMessage() + ". Check rootfs.mirror=" + mirror
                + ".");
    }

    /** The compressed index fetched before the InRelease that lists it is checked, at most (bookworm's main: 12 MB). */
    static final long UNCHECKED_FETCH = 64L << 20;

    /** Stops work on a claimed Release whose check has failed already ({@link PendingRelease#use} reports why). */
    private void stopIfForged(ReleaseFile release) {
        java.util.concurrent.CompletableFuture<ReleaseFile> c = checking;
        if (!checkedReleases.contains(release) && c != null && c.isCompletedExceptionally()) {
            throw RootfsException.input("The InRelease the index was being read with failed its check");
        }
    }

    /** Waits for the running check of InRelease, if any (its failure is thrown). */
    private void awaitCheck() {
        java.util.concurrent.CompletableFuture<ReleaseFile> c = checking;
        if (c != null) {
            try {
                c.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    /** Keeps the indexes that were read before their InRelease was checked, now that it is. */
    private void keepChecked() {
        synchronized (keepWhenChecked) {
            for (Kept k : keepWhenChecked) {
                keep(k.path(), k.text());
            }
            keepWhenChecked.clear();
        }
    }

    /** Keeps an uncompressed index; a cache that cannot be written costs the next build time, not this one its result. */
    private void keep(String path, byte[] text) {
        try {
            kept.keep(path, text);
        } catch (IOException e) {
            // the next build fetches it again
        }
    }

    /** The whole stream, refused when it holds more than {@code limit} bytes (a mirror cannot make the build read without end). */
    private static byte[] readUpTo(InputStream in, long limit, String source) throws IOException {
        if (limit > MAX_PACKAGES) {
            throw RootfsException.input(source + " is larger than " + (MAX_PACKAGES >> 20) + " MiB uncompressed, InRelease"
                    + " says: more than any Packages index; refusing it.");
        }
        byte[] text = in.readNBytes((int) limit);
        if (in.read() >= 0) {
            throw RootfsException.input(source + " uncompressed is larger than InRelease says (" + limit + " bytes): the"
                    + " mirror is being updated or broken. Retry, or use another mirror.");
        }
        return text;
    }

    /**
     * Reads the kept uncompressed Packages file into {@code index} when its size and SHA-256 are the
     * ones this InRelease gives.
     *
     * @return whether it was read
     */
    private boolean readKept(PackageIndex index, String suite, String base, ReleaseFile release) {
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
        try {
            return parseChecked(index, bytes, plain.get().sha256(), base);
        } catch (IllegalArgumentException | java.util.concurrent.CompletionException e) {
            return false; // damaged or half written: fetched again (online), refused (offline)
        }
    }

    /**
     * Parses an uncompressed Packages file into {@code index}, hashed as it is parsed: two halves at
     * once, split between two entries, the other thread also hashing the whole; the entries are
     * taken in file order, and only when the hash is {@code sha256} (any, when it is null).
     *
     * @return whether the hash matched (and the entries were taken)
     * @throws IllegalArgumentException on an entry that cannot be read
     */
    private static boolean parseChecked(PackageIndex index, byte[] bytes, String sha256, String base) {
        java.nio.ByteBuffer data = java.nio.ByteBuffer.wrap(bytes);
        int split = PackageIndex.entryBoundary(data, data.limit() / 2);
        java.util.concurrent.CompletableFuture<PackageIndex.Part> second = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> PackageIndex.parse(data.slice(split, data.limit() - split), split,
                        index.architecture(), base), OWN_THREAD);
        java.util.concurrent.CompletableFuture<String> hash = second.thenApply(x -> sha256 == null ? null
                : Digests.sha256(bytes));
        PackageIndex.Part first = PackageIndex.parse(data.slice(0, split), 0, index.architecture(), base);
        PackageIndex.Part rest = second.join();
        if (sha256 != null && !sha256.equals(hash.join())) {
            return false;
        }
        index.addPart(first);
        index.addPart(rest);
        return true;
    }

    private static InputStream decompress(String name, InputStream in) throws IOException {
        if (name.endsWith(".xz")) {
            return new XZInputStream(new java.io.BufferedInputStream(in, 1 << 16), XZ_MEMORY_LIMIT_KIB);
        }
        return name.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    String url(String path) {
        return mirror + path;
    }

    /** The file's bytes, refused beyond {@code limit} (a mirror cannot make the build read without end). */
    byte[] fetch(String path, long limit) {
        return fetch(path, limit, in -> in.readAllBytes());
    }

    /** What is done with a file's content as it arrives. */
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    /**
     * Fetches a file and hands its content to {@code reader} as it arrives, refused beyond
     * {@code limit} bytes (a mirror cannot make the build read without end).
     */
    <T> T fetch(String path, long limit, BodyReader<T> reader) {
        String url = url(path);
        try {
            if (mirror.startsWith("file:")) {
                Path file = Path.of(URI.create(url));
                if (Files.size(file) > limit) {
                    throw tooLarge(url, limit);
                }
                try (InputStream in = Files.newInputStream(file)) {
                    return reader.read(bounded(in, limit, url));
                }
            }
            java.net.HttpURLConnection c = io.rootfs.core.host.HttpGet.open(URI.create(url), proxy, TIMEOUT, TIMEOUT);
            if (c.getResponseCode() != 200) {
                int code = c.getResponseCode();
                io.rootfs.core.host.HttpGet.discard(c);
                throw RootfsException.input(url + ": HTTP " + code + ". Check rootfs.mirror=" + mirror + " and the release.");
            }
            InputStream body = c.getInputStream();
            boolean read = false;
            try {
                T result = reader.read(bounded(body, limit, url));
                read = true;
                return result;
            } catch (java.net.SocketTimeoutException e) {
                throw stalled(url);
            } finally {
                if (read) {
                    body.close(); // the connection is kept for the next request
                } else {
                    c.disconnect();
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw RootfsException.input(url + " does not exist. Check rootfs.mirror=" + mirror + " and the release.");
        } catch (IOException e) {
            throw RootfsException.environment("Cannot fetch " + url + ": " + e + ". Check the network, the proxy and"
                    + " rootfs.mirror=" + mirror + ".", e);
        }
    }

    /** The stream, failing once it has given more than {@code limit} bytes. */
    private InputStream bounded(InputStream in, long limit, String url) {
        return MeteredInput.bounded(in, limit, () -> tooLarge(url, limit));
    }

    private RootfsException tooLarge(String url, long limit) {
        return RootfsException.input(url + " is larger than expected (over " + limit + " bytes): the mirror is being"
                + " updated or broken. Retry, or use another mirror (rootfs.mirror=" + mirror + ").");
    }

    private RootfsException stalled(String url) {
        return RootfsException.environment(url + ": the mirror sent nothing for " + TIMEOUT.toSeconds()
                + " s. Retry, or set rootfs.mirror (now " + mirror + ") to another.");
    }
}
