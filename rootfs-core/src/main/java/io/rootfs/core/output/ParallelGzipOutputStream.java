package io.rootfs.core.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip compressed on every core, as pigz does it: the input is cut into blocks of a fixed size,
 * each block deflated on its own with the last 32 KiB before it as its dictionary, and the raw
 * deflate streams joined (each but the last ends on a byte boundary). Block boundaries depend only
 * on the input, so the same input gives the same bytes however many threads run. The header has no
 * name and no time.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    private static final int BLOCK = 1024 * 1024;
    private static final int DICTIONARY = 32 * 1024;

    private final OutputStream out;
    private final int level;
    private final ExecutorService pool;
    private final int threads;
    private final Deque<Future<byte[]>> pending = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK];
    private int filled;
    private byte[] previousTail = new byte[0];
    private long total;
    private boolean closed;

    public ParallelGzipOutputStream(OutputStream out, int level) throws IOException {
        this(out, level, Runtime.getRuntime().availableProcessors());
    }

    ParallelGzipOutputStream(OutputStream out, int level, int threads) throws IOException {
        this.out = out;
        this.level = level;
        this.threads = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(this.threads, r -> {
            Thread t = new Thread(r, "rootfs-gzip");
            t.setDaemon(true);
            return t;
        });
        // magic, deflate, no flags, no time, no extra flags, Unix
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3});
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        crc.update(b, off, len);
        total += len;
        while (len > 0) {
            int n = Math.min(len, BLOCK - filled);
            System.arraycopy(b, off, block, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == BLOCK) {
                submit(false);
            }
        }
    }

    private void submit(boolean last) throws IOException {
        byte[] input = Arrays.copyOf(block, filled);
        byte[] dictionary = previousTail;
        previousTail = Arrays.copyOfRange(input, Math.max(0, filled - DICTIONARY), filled);
        pending.add(pool.submit(() -> deflate(input, dictionary, last)));
        filled = 0;
        while (pending.size() > threads * 4) {
            drainOne();
        }
    }

    private byte[] deflate(byte[] input, byte[] dictionary, boolean last) {
        Deflater deflater = new Deflater(level, true);
        try {
            if (dictionary.length > 0) {
                deflater.setDictionary(dictionary);
            }
            deflater.setInput(input);
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(input.length / 2 + 64);
            byte[] buffer = new byte[64 * 1024];
            if (last) {
                deflater.finish();
                while (!deflater.finished()) {
                    compressed.write(buffer, 0, deflater.deflate(buffer));
                }
            } else {
                int n;
                do {
                    n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                    compressed.write(buffer, 0, n);
                } while (n == buffer.length);
            }
            return compressed.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private void drainOne() throws IOException {
        try {
            out.write(pending.poll().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compressing", e);
        } catch (ExecutionException e) {
            throw new IOException("compressing failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submit(true);
            while (!pending.isEmpty()) {
                drainOne();
            }
            int value = (int) crc.getValue();
            int size = (int) total;
            out.write(new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24),
                (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)});
            out.close();
        } finally {
            pool.shutdownNow();
        }
    }
}
