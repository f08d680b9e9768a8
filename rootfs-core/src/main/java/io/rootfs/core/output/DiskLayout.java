package io.rootfs.core.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Where things go in Kata's image after the 2 MiB DAX header (or from the start, without it):
 * the partition table, partition 1 (the root file system) from 1 MiB, and with dm-verity
 * partition 2 (the hash tree) from 99 % of the size on, as {@code image_builder.sh} splits it.
 *
 * @param innerBytes the size after the DAX header
 * @param dataStart  where partition 1 starts, from the start of the inner image
 * @param dataBytes  partition 1's size
 * @param hashStart  where partition 2 starts (verity), else 0
 */
record DiskLayout(long innerBytes, long dataStart, long dataBytes, long hashStart, long hashBytes, boolean verity) {
    private static final long MIB = 1 << 20;

    /**
     * @param innerMiB     the size after the DAX header, as Kata's size rule gives it
     * @param minimumBytes what partition 1 must hold at least (an erofs made beforehand), else 0;
     *                     the image grows a MiB at a time until it does
     */
    static DiskLayout of(long innerMiB, boolean verity, boolean dax, long minimumBytes) {
        long inner = innerMiB;
        while (true) {
            long dataStart = MIB;
            if (!verity) {
                long data = inner * MIB - dataStart;
                if (data >= minimumBytes) {
                    return new DiskLayout(inner * MIB, dataStart, data, 0, 0, false);
                }
            } else {
                long hashStart = (long) Math.floor(inner * 0.99) * MIB;
                long data = hashStart - dataStart;
                long hash = inner * MIB - hashStart;
                if (data >= minimumBytes && hash >= VerityTree.hashBlocks(data / VerityTree.BLOCK) * VerityTree.BLOCK) {
                    return new DiskLayout(inner * MIB, dataStart, data, hashStart, hash, true);
                }
            }
            inner++;
        }
    }

    /** The table's partitions, moved by {@code offsetSectors} (the DAX header, for the table at 0). */
    List<Mbr.Partition> partitions(long offsetSectors) {
        List<Mbr.Partition> parts = new ArrayList<>();
        parts.add(new Mbr.Partition(offsetSectors + dataStart / Mbr.SECTOR, dataBytes / Mbr.SECTOR, verity));
        if (verity) {
            parts.add(new Mbr.Partition(offsetSectors + hashStart / Mbr.SECTOR, hashBytes / Mbr.SECTOR, false));
        }
        return parts;
    }
}
