package io.rootfs.core.output;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The NVDIMM "pfn" info block ({@code struct nd_pfn_sb} of Linux's drivers/nvdimm/pfn.h) that Kata's
 * nsdax tool writes 4 KiB into an image: it tells a guest kernel that maps the image as an NVDIMM
 * where the data starts (after the 2 MiB header) and how it is aligned, so the root file system can
 * be used with DAX. Version 0.2, mode 1 (page structs in RAM), no uuids, as Kata writes it.
 */
final class DaxHeader {
    /** Where in the image the block goes. */
    static final int OFFSET = 4096;
    static final int SIZE = 4096;

    private DaxHeader() {
    }

    /**
     * @param dataOffset where the data starts, from the start of the image (Kata: 2 MiB)
     * @param alignment  the mapping's alignment (Kata: 2 MiB, a huge page)
     */
    static byte[] block(long dataOffset, int alignment) {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put("NVDIMM_PFN_INFO\0".getBytes(StandardCharsets.US_ASCII)); // 0: signature, 16 bytes
        // 16: uuid, 32: parent uuid: zero
        b.putInt(48, 0); // flags
        b.putShort(52, (short) 0); // version major
        b.putShort(54, (short) 2); // version minor
        b.putLong(56, dataOffset);
        b.putLong(64, 0); // npfns: the kernel works it out
        b.putInt(72, 1); // mode: PFN_MODE_RAM
        b.putInt(76, 0); // start_pad
        b.putInt(80, 0); // end_trunc
        b.putInt(84, alignment);
        b.putLong(4088, fletcher64(b.array()));
        return b.array();
    }

    /** The kernel's nd_fletcher64 over little-endian 32-bit words, the checksum field counted as zero. */
    static long fletcher64(byte[] block) {
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < SIZE / 4; i++) {
            long word = i >= 4088 / 4 ? 0 : Integer.toUnsignedLong(b.getInt(i * 4));
            lo = (lo + word) & 0xffffffffL;
            hi += lo;
        }
        return (hi << 32) | lo;
    }
}
