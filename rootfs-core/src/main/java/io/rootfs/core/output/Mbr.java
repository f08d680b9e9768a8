package io.rootfs.core.output;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A DOS partition table (what parted's {@code mklabel msdos} writes), with a fixed disk signature:
 * parted's random one is why Kata's own images differ from build to build.
 */
final class Mbr {
    static final int SECTOR = 512;
    private static final byte LINUX = (byte) 0x83;

    /** A primary partition, in 512-byte sectors. */
    record Partition(long start, long sectors, boolean boot) {
    }

    private Mbr() {
    }

    /** The 512 bytes of the table: no boot code, the disk signature, up to four partitions, 0x55AA. */
    static byte[] sector(int signature, List<Partition> partitions) {
        ByteBuffer b = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(440, signature);
        for (int i = 0; i < partitions.size(); i++) {
            Partition p = partitions.get(i);
            int at = 446 + 16 * i;
            b.put(at, p.boot() ? (byte) 0x80 : 0);
            chs(b, at + 1, p.start());
            b.put(at + 4, LINUX);
            chs(b, at + 5, p.start() + p.sectors() - 1);
            b.putInt(at + 8, (int) p.start());
            b.putInt(at + 12, (int) p.sectors());
        }
        b.put(510, (byte) 0x55);
        b.put(511, (byte) 0xaa);
        return b.array();
    }

    /** Cylinder-head-sector of an LBA with 255 heads and 63 sectors a track, as parted computes it; capped where CHS ends. */
    private static void chs(ByteBuffer b, int at, long lba) {
        long cylinder = lba / (255 * 63);
        long head = (lba / 63) % 255;
        long sector = lba % 63 + 1;
        if (cylinder > 1023) {
            cylinder = 1023;
            head = 254;
            sector = 63;
        }
        b.put(at, (byte) head);
        b.put(at + 1, (byte) (sector | ((cylinder >> 2) & 0xc0)));
        b.put(at + 2, (byte) cylinder);
    }
}
