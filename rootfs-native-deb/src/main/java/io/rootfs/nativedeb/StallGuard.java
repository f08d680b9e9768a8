package io.rootfs.nativedeb;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives up a download whose mirror stops sending: java.net.http bounds the wait for headers, not
 * the reads of the body, so a mirror that sends part of a file and then nothing would hold the
 * build for ever. Reads through {@link #wrap} mark progress; when none comes for the set time, the
 * stream is closed, its read fails, and {@link #stalled()} says why.
 */
final class StallGuard implements Closeable {
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rootfs-download-watch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong last = new AtomicLong(System.nanoTime());
    private final AtomicBoolean stalled = new AtomicBoolean();
    private final ScheduledFuture<?> watch;

    StallGuard(InputStream body, Duration stall) {
        long check = Math.max(1, stall.toMillis() / 4);
        watch = WATCH.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - last.get() > stall.toNanos() && !stalled.getAndSet(true)) {
                try {
                    body.close();
                } catch (IOException | RuntimeException ignored) {
                    // the blocked read fails, which is the point
                }
            }
        }, check, check, TimeUnit.MILLISECONDS);
    }

    /** The body, each read marking progress. */
    InputStream wrap(InputStream body) {
        return new java.io.FilterInputStream(body) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                last.set(System.nanoTime());
                return n;
            }

            @Override
            public int read() throws IOException {
                int n = super.read();
                last.set(System.nanoTime());
                return n;
            }
        };
    }

    boolean stalled() {
        return stalled.get();
    }

    @Override
    public void close() {
        watch.cancel(false);
    }
}
