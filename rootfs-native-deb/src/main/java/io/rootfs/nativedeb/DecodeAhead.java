package io.rootfs.nativedeb;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/**
 * Gets the packages ready to be written on other cores while the tree is written in package
 * order: each .deb, once its download is done, is opened, its control member read, and its
 * {@code data.tar} decoded while the files of the package before are being written, so the tree
 * is the same whatever the timing. What is decoded ahead is bounded by {@code budget} bytes of the
 * packages' Installed-Size (as the index gives it); a package larger than the budget alone is
 * streamed when its turn comes.
 */
final class DecodeAhead implements AutoCloseable {
    /** The size of the pieces decoded data is kept in (below G1's large-object size for a small heap). */
    static final int CHUNK = 256 << 10;

    /** A package ready to be written: its archive, its control member's files and fields, its data.tar uncompressed. */
    record Prepared(DebArchive archive, Map<String, byte[]> controlFiles, Map<String, String> control, InputStream data) {
    }

    private final IntFunction<Path> debs;
    private final List<Long> sizes;
    private final long budget;
    private final Semaphore room;
    private final ExecutorService pool;
    private final List<Future<Prepared>> decoded = new ArrayList<>();
    /** Chunks of decoded data that were read and given back, for the next packages. */
    private final java.util.Queue<byte[]> chunks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** How many chunks are kept for reuse: what the budget holds, and some for the packages being decoded. */
    private final int keep;
    private int submitted;
    /** Package {@code i}'s SHA-256, for its decoded data kept from an earlier build. */
    private final IntFunction<String> sha256;
    private final DecodedCache kept;

    /**
     * @param debs         package {@code i}'s .deb, waiting for its download
     * @param installedKiB each package's Installed-Size (KiB), for the budget
     * @param threads      how many decode at once
     * @param budget       bytes decoded ahead, at most
     */
    DecodeAhead(IntFunction<Path> debs, List<Long> installedKiB, int threads, long budget) {
        this(debs, installedKiB, threads, budget, i -> "", DecodedCache.none());
    }

    /**
     * @param sha256 package {@code i}'s SHA-256 (the index's)
     * @param kept   the data decoded by earlier builds, read instead of decoding, and kept for the next
     */
    DecodeAhead(IntFunction<Path> debs, List<Long> installedKiB, int threads, long budget, IntFunction<String> sha256,
            DecodedCache kept) {
        this.debs = debs;
        this.sha256 = sha256;
        this.kept = kept;
        this.sizes = installedKiB.stream().map(k -> Math.max(1, k) * 1024).toList();
        this.budget = budget;
        this.room = new Semaphore((int) Math.min(Integer.MAX_VALUE, budget / 1024));
        this.keep = (int) Math.min(1024, budget / CHUNK + 2L * Math.max(1, threads));
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "rootfs-decode");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < installedKiB.size(); i++) {
            decoded.add(null);
        }
    }

    /** Package {@code i}, ready; call in order, each once. */
    Prepared next(int i) throws IOException {
        submitAhead(i);
        Future<Prepared> f = decoded.get(i);
        if (f == null) {
            return prepare(i, false); // larger than the whole budget: streamed now
        }
        try {
            Prepared ready = f.get();
            decoded.set(i, null);
            room.release(permits(i));
            return ready;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RootfsException.environment("Interrupted while unpacking packages", e);
        }
    }

    /** Package {@code i} opened, its control member read, its data decoded into memory ({@code whole}) or streamed. */
    private Prepared prepare(int i, boolean whole) throws IOException {
        Path file = debs.apply(i);
        try {
            return prepare(i, whole, file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw RootfsException.environment("The package cache lost " + file + " while this build ran: something"
                    + " deleted it meanwhile. Build again: it is fetched anew.", e);
        }
    }

    private Prepared prepare(int i, boolean whole, Path file) throws IOException {
        DebArchive deb = DebArchive.open(file);
        Map<String, byte[]> files = deb.controlFiles();
        Map<String, String> control = deb.control(files);
        if (!whole) {
            return new Prepared(deb, files, control, deb.data());
        }
        long limit = sizes.get(i) * 2 + (16 << 20);
        String sha = sha256.apply(i);
        java.util.Optional<InputStream> copy = kept.open(sha);
        if (copy.isPresent()) {
            try (InputStream in = copy.get()) {
                return new Prepared(deb, files, control, readAll(in, limit, deb, chunks, keep));
            } catch (DecodedCache.Damaged | RootfsException e) {
                kept.forget(sha); // damaged, or far larger than the package: decoded again below, and kept anew
            } catch (java.nio.channels.ClosedByInterruptException e) {
                throw e; // the build stopped: the copy is sound
            } catch (IOException e) {
                // unreadable now: decoded again below, the copy left as it is
            }
        }
        try (InputStream in = deb.data()) {
            ChunkedData data = readAll(in, limit, deb, chunks, keep);
            kept.keep(sha, data::writeTo);
            return new Prepared(deb, files, control, data);
        }
    }

    /** Starts preparing the packages from {@code from} on while the budget has room. */
    private void submitAhead(int from) {
        submitted = Math.max(submitted, from);
        while (submitted < sizes.size()) {
            int i = submitted;
            if (sizes.get(i) > budget) {
                if (i > from) {
                    return; // streamed in its turn, after those before it
                }
                submitted++;
                continue;
            }
            if (i > from && !room.tryAcquire(permits(i))) {
                return;
            }
            if (i == from) {
                room.acquireUninterruptibly(permits(i));
            }
            decoded.set(i, pool.submit(() -> prepare(i, true)));
            submitted++;
        }
    }

    /**
     * The whole stream in memory, in chunks of {@value #CHUNK} bytes: small enough that the
     * collector keeps them with other young objects (a single large array is allocated apart and
     * grows the heap), read where they are, not copied again.
     */
    static InputStream readAll(InputStream in, long limit, Object what) throws IOException {
        return readAll(in, limit, what, new java.util.concurrent.ConcurrentLinkedQueue<>(), 0);
    }

    /**
     * {@link #readAll(InputStream, long, Object)} with the chunks taken from {@code pool}, and given
     * back to it (up to {@code keep} of them) when the stream is closed: a build decodes 200 MB and
     * holds at most the budget of it, so the same few chunks serve every package.
     */
    static ChunkedData readAll(InputStream in, long limit, Object what, java.util.Queue<byte[]> pool, int keep)
            throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        long read = 0;
        try {
            while (true) {
                if (read > limit) {
                    // its Installed-Size set the budget: a package far larger than it says is not taken
                    throw RootfsException.input(what + ": its data unpacks to more than " + (limit >> 20) + " MiB, far"
                            + " beyond its Installed-Size; refusing it. Check rootfs.mirror.");
                }
                byte[] chunk = pool.poll();
                chunks.add(chunk == null ? new byte[CHUNK] : chunk);
                int filled = in.readNBytes(chunks.get(chunks.size() - 1), 0, CHUNK);
                read += filled;
                if (filled < CHUNK) {
                    return new ChunkedData(chunks, filled, pool, keep);
                }
            }
        } catch (IOException | RuntimeException e) {
            giveBack(chunks, pool, keep);
            throw e;
        }
    }

    private static void giveBack(List<byte[]> chunks, java.util.Queue<byte[]> pool, int keep) {
        for (byte[] c : chunks) {
            if (pool.size() >= keep) {
                return;
            }
            pool.offer(c);
        }
    }

    /** Decoded data in chunks, read in order; closing it gives the chunks back (reading after that fails). */
    static final class ChunkedData extends InputStream {
        private final List<byte[]> chunks;
        private final int lastLength;
        private final java.util.Queue<byte[]> pool;
        private final int keep;
        private int chunk;
        private int at;
        private boolean closed;

        ChunkedData(List<byte[]> chunks, int lastLength, java.util.Queue<byte[]> pool, int keep) {
            this.chunks = chunks;
            this.lastLength = lastLength;
            this.pool = pool;
            this.keep = keep;
        }

        private int length(int i) {
            return i == chunks.size() - 1 ? lastLength : CHUNK;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("decoded data read after it was closed");
            }
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            while (chunk < chunks.size() && at == length(chunk)) {
                chunk++;
                at = 0;
            }
            if (chunk >= chunks.size()) {
                return len == 0 ? 0 : -1;
            }
            int n = Math.min(len, length(chunk) - at);
            System.arraycopy(chunks.get(chunk), at, b, off, n);
            at += n;
            return n;
        }

        /** Writes all the data, whatever was read of it. */
        void writeTo(java.io.OutputStream out) throws IOException {
            for (int i = 0; i < chunks.size(); i++) {
                out.write(chunks.get(i), 0, length(i));
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                giveBack(chunks, pool, keep);
            }
        }
    }

    private int permits(int i) {
        return (int) Math.min(Integer.MAX_VALUE, sizes.get(i) / 1024);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
