package io.rootfs.nativedeb;

import io.rootfs.core.RootfsException;
import java.io.ByteArrayInputStream;
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
    private int submitted;

    /**
     * @param debs         package {@code i}'s .deb, waiting for its download
     * @param installedKiB each package's Installed-Size (KiB), for the budget
     * @param threads      how many decode at once
     * @param budget       bytes decoded ahead, at most
     */
    DecodeAhead(IntFunction<Path> debs, List<Long> installedKiB, int threads, long budget) {
        this.debs = debs;
        this.sizes = installedKiB.stream().map(k -> Math.max(1, k) * 1024).toList();
        this.budget = budget;
        this.room = new Semaphore((int) Math.min(Integer.MAX_VALUE, budget / 1024));
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
        DebArchive deb = DebArchive.open(debs.apply(i));
        Map<String, byte[]> files = deb.controlFiles();
        Map<String, String> control = deb.control(files);
        if (!whole) {
            return new Prepared(deb, files, control, deb.data());
        }
        try (InputStream in = deb.data()) {
            return new Prepared(deb, files, control, readAll(in, sizes.get(i) * 2 + (16 << 20), deb));
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
        List<InputStream> chunks = new ArrayList<>();
        long read = 0;
        while (true) {
            if (read > limit) {
                // its Installed-Size set the budget: a package far larger than it says is not taken
                throw RootfsException.input(what + ": its data unpacks to more than " + (limit >> 20) + " MiB, far"
                        + " beyond its Installed-Size; refusing it. Check rootfs.mirror.");
            }
            byte[] chunk = in.readNBytes(CHUNK);
            read += chunk.length;
            if (chunk.length > 0) {
                chunks.add(new ByteArrayInputStream(chunk));
            }
            if (chunk.length < CHUNK) {
                return new java.io.SequenceInputStream(java.util.Collections.enumeration(chunks));
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
