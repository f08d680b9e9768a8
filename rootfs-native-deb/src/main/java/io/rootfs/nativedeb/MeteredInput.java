package io.rootfs.nativedeb;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * A stream from the mirror read through: its bytes counted, hashed when a digest is given, and
 * refused beyond a limit (a mirror cannot make the build read without end).
 */
final class MeteredInput extends FilterInputStream {
    private final MessageDigest digest;
    private final long limit;
    private final Supplier<RuntimeException> over;
    private final boolean passClose;
    private long count;

    private MeteredInput(InputStream in, MessageDigest digest, long limit, Supplier<RuntimeException> over,
            boolean passClose) {
        super(in);
        this.digest = digest;
        this.limit = limit;
        this.over = over;
        this.passClose = passClose;
    }

    /** {@code in}, failing with what {@code over} gives once it has given more than {@code limit} bytes. */
    static MeteredInput bounded(InputStream in, long limit, Supplier<RuntimeException> over) {
        return new MeteredInput(in, null, limit, over, true);
    }

    /** {@code in}, its bytes hashed with SHA-256 as they are read; closing this leaves {@code in} open to its owner. */
    static MeteredInput hashed(InputStream in) {
        return new MeteredInput(in, io.rootfs.core.output.Digests.sha256(), -1, null, false);
    }

    /** The bytes read so far. */
    long count() {
        return count;
    }

    /** The SHA-256 of the bytes read (once, at the end). */
    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        // with a limit, at most one byte beyond it is asked for: enough to tell a longer file
        int n = super.read(b, off, limit < 0 ? len : (int) Math.min(len, Math.max(1, limit + 1 - count)));
        if (n > 0) {
            if (digest != null) {
                digest.update(b, off, n);
            }
            count += n;
            if (limit >= 0 && count > limit) {
                throw over.get();
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        if (passClose) {
            super.close();
        }
    }
}
