package io.rootfs.nativedeb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A Packages file read as it arrives: the calling thread takes it from the (uncompressing) stream
 * into memory and hashes it, another thread sums up its entries part by part as whole entries
 * come in, and once all is in, the calling thread takes the second half of what is left. Fetching,
 * uncompressing and reading an index then overlap instead of following each other: on a cold
 * build they are most of the index phase.
 */
final class StreamedIndex {
    /** How much the reader waits for before it sums up the entries that came in. */
    static final int PART = 2 << 20;

    private final byte[] text;
    private final int part;
    private final Object lock = new Object();
    private int filled;
    /** Up to where the reader has taken the bytes to sum up. */
    private int taken;
    /** Where the reader stops once all is in. */
    private int limit;
    private boolean ended;
    private boolean failed;
    /** Where the reader stopped (seen after it ended). */
    private int readerEnd = -1;

    /** What was read: the bytes (as many as came, at most the size given) and their SHA-256. */
    record Read(byte[] text, int length, String sha256) {
    }

    private StreamedIndex(int size, int part) {
        this.text = new byte[size];
        this.part = part;
    }

    /**
     * Reads {@code size} bytes from {@code in} (fewer when it ends before: the hash then tells) and
     * adds their entries to {@code into} (an index's {@link PackageIndex#staging()}, whose entries
     * count once the hash is checked) on a thread {@code executor} gives, in file order.
     *
     * @param checkpoint run after each read; what it throws stops the reading
     * @throws IOException when the stream fails or holds more than {@code size} bytes
     * @throws IllegalArgumentException when an entry cannot be read (naming {@code file} and where)
     */
    static Read read(InputStream in, int size, PackageIndex into, String file, Executor executor, Runnable checkpoint)
            throws IOException {
        return read(in, size, into, file, executor, checkpoint, PART);
    }

    static Read read(InputStream in, int size, PackageIndex into, String file, Executor executor, Runnable checkpoint,
            int part) throws IOException {
        StreamedIndex s = new StreamedIndex(size, part);
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> s.sumUp(into, file), executor);
        MessageDigest sha = io.rootfs.core.output.Digests.sha256();
        int at = 0;
        try {
            while (at < size) {
                int n = in.read(s.text, at, Math.min(1 << 16, size - at));
                if (n < 0) {
                    break;
                }
                sha.update(s.text, at, n);
                at += n;
                s.arrived(at);
                if (reader.isDone()) {
                    break; // an entry could not be read: said below
                }
                checkpoint.run();
            }
            if (at == size && in.read() >= 0) {
                throw new IOException("it holds more than the " + size + " bytes InRelease gives");
            }
        } catch (IOException | RuntimeException | Error e) {
            s.fail();
            throw e;
        }
        // all is in: this thread sums up the second half of what the reader has not taken yet
        int split = s.end(at);
        PackageIndex.Part own = null;
        IllegalArgumentException ownFailure = null;
        if (split < at && !reader.isCompletedExceptionally()) {
            try {
                own = PackageIndex.parse(ByteBuffer.wrap(s.text).slice(split, at - split), split, into.architecture(), file);
            } catch (IllegalArgumentException e) {
                ownFailure = e;
            }
        }
        try {
            reader.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (ownFailure != null) {
            throw ownFailure;
        }
        if (s.readerEnd != split) {
            throw new IllegalStateException(file + ": summed up to byte " + s.readerEnd + ", not " + split);
        }
        if (own != null) {
            into.addPart(own); // after the reader's: file order
        }
        return new Read(s.text, at, HexFormat.of().formatHex(sha.digest()));
    }

    private void arrived(int at) {
        synchronized (lock) {
            filled = at;
            lock.notifyAll();
        }
    }

    /**
     * The end of the stream, {@code length} bytes in all: the reader is left the first half of
     * what it has not taken yet (all of it when that is less than a part).
     *
     * @return where the rest, for the caller, begins ({@code length} when there is none)
     */
    private int end(int length) {
        synchronized (lock) {
            filled = length;
            ended = true;
            limit = length - taken > part
                    ? PackageIndex.entryBoundary(ByteBuffer.wrap(text).limit(length), taken + (length - taken) / 2)
                    : length;
            lock.notifyAll();
            return limit;
        }
    }

    private void fail() {
        synchronized (lock) {
            failed = true;
            ended = true;
            lock.notifyAll();
        }
    }

    /** The reader's side: each time a part has come, the whole entries in it summed up, until its limit once all is in. */
    private void sumUp(PackageIndex into, String file) {
        ByteBuffer all = ByteBuffer.wrap(text);
        int done = 0;
        int want = part;
        int scanned = 0; // where the search for the last entry's end has looked up to
        int boundary = 0; // the end of the last whole entry found
        while (true) {
            int available;
            int upTo;
            boolean last;
            synchronized (lock) {
                while (!ended && filled < want) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while reading " + file, e);
                    }
                }
                if (failed) {
                    return; // the reading failed: that is what is reported
                }
                available = filled;
                last = ended;
                upTo = limit;
            }
            if (!last) {
                // the bytes that came since the last look, searched outside the lock (the fetch goes on)
                boundary = Math.max(boundary, lastEntryEnd(Math.max(done, scanned - 1), available));
                scanned = available;
                synchronized (lock) {
                    if (ended) {
                        last = true;
                        upTo = limit; // all came meanwhile: the split was made at what was taken
                    } else if (boundary > done) {
                        upTo = boundary;
                        taken = upTo;
                    } else {
                        want = available + part; // an entry longer than a part: once more has come
                        continue;
                    }
                }
            }
            if (upTo > done) {
                into.addPart(PackageIndex.parse(all.slice(done, upTo - done), done, into.architecture(), file));
            }
            if (last) {
                readerEnd = upTo;
                return;
            }
            done = upTo;
            want = upTo + part;
        }
    }

    /** Where the last whole entry in {@code text[from, to)} ends (after its blank line), or -1 when none does. */
    private int lastEntryEnd(int from, int to) {
        for (int i = to - 1; i > from; i--) {
            if (text[i] == '\n' && text[i - 1] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }
}
