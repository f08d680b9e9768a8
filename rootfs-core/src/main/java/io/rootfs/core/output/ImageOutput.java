package io.rootfs.core.output;

import io.rootfs.core.RootfsException;
import io.rootfs.core.guest.AgentInstaller;
import io.rootfs.core.tree.GuestPath;
import io.rootfs.core.tree.RootfsTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Kata's guest image ({@code rootfs.img}) with the layout of {@code image_builder.sh}: a DOS
 * partition table at 0, the NVDIMM pfn block at 4 KiB and a second table at 2 MiB (the DAX
 * header, left out with {@code rootfs.image.dax=false}), and the root file system in partition 1
 * at 3 MiB (1 MiB without DAX): ext4 or xfs sized as Kata sizes it (the tree, plus 2 MiB, plus
 * {@code rootfs.image.freeSpace}, rounded up to 128 MiB for memory hotplug), or erofs at its own
 * size. With {@code rootfs.image.verity}, partition 2 holds a dm-verity hash tree of partition 1,
 * and {@code rootfs.root_hash.txt} and {@code rootfs.kernel-params.txt} say how to boot it.
 */
public final class ImageOutput implements RootfsOutput {
    private static final long MIB = 1 << 20;
    private static final long HEADER = 2 * MIB;
    private static final int MEMORY_BOUNDARY_MIB = 128;
    private static final long XFS_MINIMUM_MIB = 300;

    @Override
    public String format() {
        return "image";
    }

    @Override
    public List<String> fileNames(OutputContext c) {
        List<String> names = new ArrayList<>(List.of(c.base() + ".img"));
        if (c.spec().imageVerity()) {
            names.add(c.base() + ".root_hash.txt");
            names.add(c.base() + ".kernel-params.txt");
        }
        return names;
    }

    static String fs(OutputContext c) {
        String fs = c.spec().imageFs().trim().toLowerCase(Locale.ROOT);
        if (!List.of("ext4", "xfs", "erofs").contains(fs)) {
            throw RootfsException.input("rootfs.image.fs=" + c.spec().imageFs() + " is not a file system Kata's image"
                    + " takes. Accepted: ext4, xfs, erofs.");
        }
        return fs;
    }

    @Override
    public void write(RootfsTree tree, Path folder, OutputContext c) throws IOException {
        String fs = fs(c);
        check(tree, c);
        byte[] identity = identity(tree, c);
        UUID uuid = UUID.nameUUIDFromBytes(identity);
        Path fsFile = folder.resolve(c.base() + ".fs");
        boolean verity = c.spec().imageVerity();
        long innerMiB;
        if (fs.equals("erofs")) {
            ErofsImage.write(tree, fsFile, c.epoch(), uuid);
            innerMiB = (Files.size(fsFile) + MIB) / MIB + 2; // Kata: (bytes + 1 MiB) + 1 MiB + partition start
        } else {
            long disk = requiredMiB(tree, folder);
            if (fs.equals("xfs")) {
                disk = Math.max(disk, XFS_MINIMUM_MIB + 1); // mkfs.xfs makes nothing smaller
            }
            long total = roundUp(disk + 2 + c.spec().imageFreeSpaceMiB(), MEMORY_BOUNDARY_MIB);
            innerMiB = total - HEADER / MIB;
        }
        DiskLayout layout = DiskLayout.of(innerMiB, verity, c.spec().imageDax(),
                fs.equals("erofs") ? Files.size(fsFile) : 0);
        if (!fs.equals("erofs")) {
            long bytes = layout.dataBytes() / 4096 * 4096;
            if (fs.equals("ext4")) {
                Ext4Image.write(tree, fsFile, bytes, c.epoch(), uuid, folder);
            } else {
                XfsImage.write(tree, fsFile, bytes, c.epoch(), uuid, folder);
            }
        }
        Path image = folder.resolve(c.base() + ".img");
        int signature = (int) uuid.getMostSignificantBits();
        try (FileChannel out = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            out.truncate(0);
            long innerStart = c.spec().imageDax() ? HEADER : 0;
            if (c.spec().imageDax()) {
                write(out, 0, Mbr.sector(signature, layout.partitions(HEADER / Mbr.SECTOR)));
                write(out, DaxHeader.OFFSET, DaxHeader.block(HEADER, (int) HEADER));
            }
            write(out, innerStart, Mbr.sector(signature, layout.partitions(0)));
            long dataOffset = innerStart + layout.dataStart();
            try (FileChannel in = FileChannel.open(fsFile, StandardOpenOption.READ)) {
                long copied = 0;
                long size = in.size();
                while (copied < size) {
                    copied += in.transferTo(copied, size - copied, out.position(dataOffset + copied));
                }
            }
            out.truncate(innerStart + layout.innerBytes());
            if (out.size() < innerStart + layout.innerBytes()) {
                write(out, innerStart + layout.innerBytes() - 1, new byte[1]); // the image's full size, sparse
            }
            if (verity) {
                byte[] salt = sha256(identity, "verity salt".getBytes(StandardCharsets.UTF_8));
                long dataBlocks = layout.dataBytes() / VerityTree.BLOCK;
                byte[] root = VerityTree.write(out, dataOffset, dataBlocks, innerStart + layout.hashStart(), salt);
                writeVerityFiles(folder, c, dataBlocks, root, salt);
            }
        }
        Files.delete(fsFile);
    }

    /** Kata's own checks before it makes an image: an init; systemd unless the agent is init; and then not systemd. */
    static void check(RootfsTree tree, OutputContext c) throws IOException {
        GuestPath guest = new GuestPath(tree.folder());
        Path init = guest.resolve("/sbin/init");
        if (!Files.isRegularFile(init, LinkOption.NOFOLLOW_LINKS)) {
            throw RootfsException.input("The guest has no /sbin/init, so Kata's image would not boot.");
        }
        List<Path> systemd = new ArrayList<>();
        for (String candidate : List.of("/usr/lib/systemd/systemd", "/lib/systemd/systemd")) {
            Path p = guest.resolve(candidate);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                systemd.add(p);
            }
        }
        if (!c.agentInit() && systemd.isEmpty()) {
            throw RootfsException.input("The guest has no systemd (/usr/lib/systemd/systemd), which Kata's image needs"
                    + " unless the agent is init: set rootfs.agentInit=true, or install systemd.");
        }
        if (c.agentInit()) {
            for (Path p : systemd) {
                if (Files.mismatch(p, init) == -1) {
                    throw RootfsException.input("The agent is to be init, but /sbin/init is systemd.");
                }
            }
        } else if (!Files.exists(guest.resolve(AgentInstaller.AGENT), LinkOption.NOFOLLOW_LINKS)) {
            throw RootfsException.input("The guest has no " + AgentInstaller.AGENT + ", and Kata's image needs the"
                    + " agent: give -Drootfs.agent (or rootfs.agentTarball, rootfs.agentArtifact), or leave image out of"
                    + " rootfs.formats.");
        }
    }

    /**
     * Kata's size rule: the tree's size on disk (du), grown 10 MiB at a time until an empty file
     * system of that size leaves more room than the tree takes.
     */
    static long requiredMiB(RootfsTree tree, Path scratch) throws IOException {
        long treeMiB = Long.parseLong(Tools.run(Map.of(), "du", "-B", "1M", "-s", tree.folder().toString())
                .split("\\s+")[0]);
        for (int i = 1; i <= 20; i++) {
            long size = treeMiB + i * 10L;
            if (Ext4Image.availableMiB(size, scratch) > treeMiB) {
                return size;
            }
        }
        throw RootfsException.environment("Cannot size a file system for a tree of " + treeMiB + " MiB");
    }

    private static long roundUp(long value, long boundary) {
        return (value + boundary - 1) / boundary * boundary;
    }

    /** What the image is made from: the manifest and the options, so UUIDs, signatures and salts repeat with them. */
    private static byte[] identity(RootfsTree tree, OutputContext c) throws IOException {
        MessageDigest sha = Digests.sha256();
        tree.manifest().entries().forEach(e -> sha.update((e + " " + e.mtime() + " " + e.size() + " " + e.target() + " "
                + e.major() + ":" + e.minor() + "\n").getBytes(StandardCharsets.UTF_8)));
        sha.update((c.spec() + " " + c.epoch()).getBytes(StandardCharsets.UTF_8));
        return sha.digest();
    }

    private static void writeVerityFiles(Path folder, OutputContext c, long dataBlocks, byte[] root, byte[] salt)
            throws IOException {
        String hash = HexFormat.of().formatHex(root);
        String saltHex = HexFormat.of().formatHex(salt);
        Files.writeString(folder.resolve(c.base() + ".root_hash.txt"), "VERITY header information for " + c.base()
                + ".img\nUUID:                   \nHash type:              1\nData blocks:            " + dataBlocks
                + "\nData block size:        4096\nHash blocks:            " + VerityTree.hashBlocks(dataBlocks)
                + "\nHash block size:        4096\nHash algorithm:         sha256\nSalt:                   " + saltHex
                + "\nRoot hash:              " + hash + "\n");
        Files.writeString(folder.resolve(c.base() + ".kernel-params.txt"), "dm-mod.create=\"dm-verity,,,ro,0 "
                + dataBlocks * 8 + " verity 1 /dev/vda1 /dev/vda2 4096 4096 " + dataBlocks + " 0 sha256 " + hash + " "
                + saltHex + "\" root=/dev/dm-0\n");
    }

    private static void write(FileChannel out, long position, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            out.write(b, position + b.position());
        }
    }

    private static byte[] sha256(byte[]... parts) {
        MessageDigest sha = Digests.sha256();
        for (byte[] p : parts) {
            sha.update(p);
        }
        return sha.digest();
    }

}
