package io.rootfs.core.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A dm-verity hash tree (format 1, sha256, 4096-byte data and hash blocks, no superblock), as
 * {@code veritysetup format --no-superblock} lays it out: each hash is sha256(salt || block), a
 * hash block holds 128 hashes and zero padding, the levels are stored top level first, and the
 * root hash is the hash of the top block.
 */
final class VerityTree {
    static final int BLOCK = 4096;
    private static final int DIGEST = 32;
    private static final int PER_BLOCK = BLOCK / DIGEST;

    private VerityTree() {
    }

    /** How many hash blocks a data area of {@code dataBlocks} blocks needs. */
    static long hashBlocks(long dataBlocks) {
        long total = 0;
        for (long n : levelSizes(dataBlocks)) {
            total += n;
        }
        return total;
    }

    /** Blocks per level, the lowest (hashes of data) first. */
    private static List<Long> levelSizes(long dataBlocks) {
        List<Long> sizes = new ArrayList<>();
        long n = dataBlocks;
        do {
            n = (n + PER_BLOCK - 1) / PER_BLOCK;
            sizes.add(n);
        } while (n > 1);
        return sizes;
    }

    /**
     * Hashes {@code dataBlocks} blocks at {@code dataOffset} of the channel and writes the tree at
     * {@code hashOffset}; returns the root hash.
     */
    static byte[] write(FileChannel image, long dataOffset, long dataBlocks, long hashOffset, byte[] salt)
            throws IOException {
        List<Long> sizes = levelSizes(dataBlocks);
        long[] levelOffset = new long[sizes.size()];
        long at = hashOffset;
        for (int level = sizes.size() - 1; level >= 0; level--) { // top level first
            levelOffset[level] = at;
            at += sizes.get(level) * BLOCK;
        }
        MessageDigest sha = Digests.sha256();
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        long sourceOffset = dataOffset;
        long sourceBlocks = dataBlocks;
        for (int level = 0; level < sizes.size(); level++) {
            ByteBuffer out = ByteBuffer.allocate(BLOCK);
            long written = 0;
            for (long i = 0; i < sourceBlocks; i++) {
                block.clear();
                readFully(image, block, sourceOffset + i * BLOCK);
                sha.update(salt);
                sha.update(block.array());
                out.put(sha.digest());
                if (!out.hasRemaining() || i == sourceBlocks - 1) {
                    out.position(BLOCK).flip(); // the rest of the block stays zero
                    writeFully(image, out, levelOffset[level] + written * BLOCK);
                    written++;
                    out = ByteBuffer.allocate(BLOCK);
                }
            }
            sourceOffset = levelOffset[level];
            sourceBlocks = sizes.get(level);
        }
        block.clear();
        readFully(image, block, levelOffset[sizes.size() - 1]);
        sha.update(salt);
        sha.update(block.array());
        return sha.digest();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IOException("the image ends before block at " + position);
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b, position + b.position());
        }
    }

}
