package io.rootfs.core.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rootfs.api.BuildLog;
import io.rootfs.api.OutputSpec;
import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.RootfsTree;
import io.rootfs.core.tree.TreeEntry.Type;
import io.rootfs.core.tree.TreeEntry;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kata's image from a small guest (busybox as systemd, the agent, a setuid file, a device), checked
 * with the file systems' own tools: layout, owners from the manifest, verity, and the same bytes
 * from a second tree made apart from the first.
 */
class ImageOutputTest {
    static final long EPOCH = 1767225600L;
    static final long MIB = 1 << 20;
    @TempDir
    Path tmp;

    /** A guest as a build without root leaves it (files the test user's), with the recorded owners. */
    RootfsTree tree(String name) throws Exception {
        Path root = Files.createDirectories(tmp.resolve(name));
        for (String d : List.of("usr/bin", "usr/sbin", "usr/lib/systemd", "etc", "dev", "tmp")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(Path.of("/bin/busybox"), root.resolve("usr/lib/systemd/systemd"));
        Files.createSymbolicLink(root.resolve("usr/sbin/init"), Path.of("../lib/systemd/systemd"));
        Files.createSymbolicLink(root.resolve("sbin"), Path.of("usr/sbin"));
        Files.writeString(root.resolve("usr/bin/kata-agent"), "#!/bin/sh\n");
        Files.writeString(root.resolve("usr/bin/su"), "su");
        Files.writeString(root.resolve("etc/shadow"), "root:*:");
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 0777);
        SampleGuest.clamp(root);
        return SampleGuest.withRecorded(root, e -> switch (e.path()) {
            case "usr/bin/su" -> e.withOwner(0, 0, 04755);
            case "etc/shadow" -> e.withOwner(0, 42, 0640);
            case "tmp" -> e.withOwner(0, 0, 01777);
            default -> e;
        });
    }

    OutputContext context(String fs, boolean dax, boolean verity) {
        return new OutputContext("rootfs", new OutputSpec(List.of("image"), null, null, fs, dax, 0, verity), EPOCH,
                false, BuildLog.stderr());
    }

    static String run(Path dir, String... command) throws Exception {
        return SampleGuest.run(dir, command);
    }

    /** Copies a byte range of the image into its own file, for the file system's tools. */
    static Path extract(Path image, long offset, long length, Path to) throws Exception {
        run(image.getParent(), "dd", "if=" + image, "of=" + to, "bs=1M", "skip=" + offset / MIB, "count=" + length / MIB,
                "conv=sparse", "status=none");
        return to;
    }

    static int le32(byte[] b, int at) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
    }

    @Test
    void ext4WithDaxHasKatasLayoutTheManifestsOwnersAndRepeatsItsBytes() throws Exception {
        Path out1 = Files.createDirectories(tmp.resolve("out1"));
        new ImageOutput().write(tree("a"), out1, context("ext4", true, false));
        Path image = out1.resolve("rootfs.img");
        long size = Files.size(image);
        assertThat(size % (128 * MIB)).isZero();
        byte[] head = new byte[3 * 1024 * 1024];
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
            f.readFully(head);
        }
        // MBR 1 at 0: partition 1 from 3 MiB to the end; the pfn block at 4 KiB; MBR 2 at 2 MiB: from 1 MiB
        assertThat(le32(head, 446 + 8)).isEqualTo(6144);
        assertThat((long) le32(head, 446 + 12)).isEqualTo(size / 512 - 6144);
        assertThat(new String(head, 4096, 15)).isEqualTo("NVDIMM_PFN_INFO");
        assertThat(le32(head, 2 * 1024 * 1024 + 446 + 8)).isEqualTo(2048);
        assertThat(head[2 * 1024 * 1024 + 510] & 0xff).isEqualTo(0x55);
        Path fs = extract(image, 3 * MIB, size - 3 * MIB, tmp.resolve("fs1.ext4"));
        run(tmp, "e2fsck", "-fn", fs.toString());
        assertThat(run(tmp, "debugfs", "-R", "stat /usr/bin/su", fs.toString())).contains("Mode:  04755")
                .containsPattern("User: +0 +Group: +0");
        assertThat(run(tmp, "debugfs", "-R", "stat /etc/shadow", fs.toString())).containsPattern("Group: +42");
        assertThat(run(tmp, "debugfs", "-R", "stat /tmp", fs.toString())).contains("Mode:  01777");
        assertThat(run(tmp, "debugfs", "-R", "stat /dev/console", fs.toString()))
                .contains("Type: character special").contains("Device major/minor number: 05:01");
        assertThat(run(tmp, "debugfs", "-R", "stat /etc/shadow", fs.toString()))
                .contains("ctime: 0x6955b900:00000000").contains("mtime: 0x6955b900:00000000");
        assertThat(run(tmp, "dumpe2fs", "-h", fs.toString())).contains("Block size:               4096")
                .containsPattern("Reserved block count: +\\d+");

        Path out2 = Files.createDirectories(tmp.resolve("out2"));
        new ImageOutput().write(tree("b"), out2, context("ext4", true, false));
        assertThat(Files.mismatch(image, out2.resolve("rootfs.img"))).as("a second tree gives other bytes").isEqualTo(-1);
    }

    @Test
    void withoutDaxTheFileSystemStartsAt1MiB() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        new ImageOutput().write(tree("a"), out, context("ext4", false, false));
        Path image = out.resolve("rootfs.img");
        byte[] head = new byte[4096 * 2];
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
            f.readFully(head);
        }
        assertThat(le32(head, 446 + 8)).isEqualTo(2048);
        assertThat(new String(head, 4096, 15)).isNotEqualTo("NVDIMM_PFN_INFO");
        run(tmp, "e2fsck", "-fn", extract(image, MIB, Files.size(image) - MIB, tmp.resolve("fs.ext4")).toString());
    }

    @Test
    void verityHashTreeVerifiesWithVeritysetup() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        new ImageOutput().write(tree("a"), out, context("ext4", true, true));
        Path image = out.resolve("rootfs.img");
        String params = Files.readString(out.resolve("rootfs.kernel-params.txt"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("0 (\\d+) verity 1 /dev/vda1 /dev/vda2 4096 4096"
                + " (\\d+) 0 sha256 ([0-9a-f]{64}) ([0-9a-f]{64})\" root=/dev/dm-0").matcher(params);
        assertThat(m.find()).as(params).isTrue();
        long dataBlocks = Long.parseLong(m.group(2));
        assertThat(Long.parseLong(m.group(1))).isEqualTo(dataBlocks * 8);
        byte[] mbr2 = new byte[512];
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
            f.seek(2 * MIB);
            f.readFully(mbr2);
        }
        assertThat(mbr2[446]).as("partition 1 is bootable, as Kata sets it").isEqualTo((byte) 0x80);
        long p1 = 2 * MIB + (long) le32(mbr2, 446 + 8) * 512;
        long p2 = 2 * MIB + (long) le32(mbr2, 462 + 8) * 512;
        long p2Size = (long) le32(mbr2, 462 + 12) * 512;
        assertThat(dataBlocks * 4096).isEqualTo(p2 - p1);
        Path data = extract(image, p1, dataBlocks * 4096, tmp.resolve("data"));
        Path hash = extract(image, p2, p2Size, tmp.resolve("hash"));
        run(tmp, "veritysetup", "verify", "--no-superblock", "--data-blocks=" + dataBlocks, "--data-block-size=4096",
                "--hash-block-size=4096", "--hash=sha256", "--salt=" + m.group(4), data.toString(), hash.toString(),
                m.group(3));
        assertThat(Files.readString(out.resolve("rootfs.root_hash.txt"))).contains("Root hash:              " + m.group(3));
        // a changed data block no longer verifies
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            f.seek(4096 * 3);
            f.write(0x5a);
        }
        Process bad = new ProcessBuilder("veritysetup", "verify", "--no-superblock", "--data-blocks=" + dataBlocks,
                "--salt=" + m.group(4), data.toString(), hash.toString(), m.group(3)).start();
        assertThat(bad.waitFor()).isNotZero();
        // the salt comes from the inputs, not a random source: a fresh tree gives the same image and root hash
        Path again = Files.createDirectories(tmp.resolve("again"));
        new ImageOutput().write(tree("b"), again, context("ext4", true, true));
        assertThat(Files.mismatch(image, again.resolve("rootfs.img"))).isEqualTo(-1);
        assertThat(again.resolve("rootfs.kernel-params.txt")).hasContent(params);
    }

    @Test
    void erofsNeedsTheOwnersOnDiskAndIsTheSameTwice() throws Exception {
        assertThatThrownBy(() -> new ImageOutput().write(tree("a"), Files.createDirectories(tmp.resolve("o")),
                context("erofs", true, false))).isInstanceOf(RootfsException.class)
                .hasMessageContaining("An erofs image takes owners, modes and devices from the files");
        assumeTrue("root".equals(System.getProperty("user.name")), "chown and mknod need root");
        Path out1 = Files.createDirectories(tmp.resolve("out1"));
        Path out2 = Files.createDirectories(tmp.resolve("out2"));
        new ImageOutput().write(asRoot(tree("b")), out1, context("erofs", true, false));
        new ImageOutput().write(asRoot(tree("c")), out2, context("erofs", true, false));
        Path image = out1.resolve("rootfs.img");
        assertThat(Files.mismatch(image, out2.resolve("rootfs.img"))).isEqualTo(-1);
        Path fs = extract(image, 3 * MIB, Files.size(image) - 3 * MIB, tmp.resolve("fs.erofs"));
        run(tmp, "fsck.erofs", fs.toString());
    }

    @Test
    void xfsHasTheManifestsOwnersAndIsTheSameTwice() throws Exception {
        Path out1 = Files.createDirectories(tmp.resolve("out1"));
        Path out2 = Files.createDirectories(tmp.resolve("out2"));
        new ImageOutput().write(tree("a"), out1, context("xfs", true, false));
        new ImageOutput().write(tree("b"), out2, context("xfs", true, false));
        Path image = out1.resolve("rootfs.img");
        assertThat(Files.mismatch(image, out2.resolve("rootfs.img"))).isEqualTo(-1);
        Path fs = extract(image, 3 * MIB, Files.size(image) - 3 * MIB, tmp.resolve("fs.xfs"));
        run(tmp, "xfs_repair", "-n", "-f", fs.toString());
        assertThat(run(tmp, "xfs_db", "-r", "-c", "path /usr/bin/su", "-c", "p core.mode core.uid", fs.toString()))
                .contains("core.mode = 0104755").contains("core.uid = 0");
        assertThat(run(tmp, "xfs_db", "-r", "-c", "path /dev/console", "-c", "p core.mode", fs.toString()))
                .contains("core.mode = 020600");
    }

    /** The tree with the manifest's owners and devices put on disk, as a build as root leaves it. */
    RootfsTree asRoot(RootfsTree tree) throws Exception {
        for (TreeEntry e : tree.manifest().entries()) {
            Path p = tree.file(e);
            if (e.isDevice()) {
                run(tmp, "mknod", "-m", Integer.toOctalString(e.mode()), p.toString(), "c", "" + e.major(), "" + e.minor());
                // as the build's clamp stage would: the node, and its folder whose time the mknod just moved
                run(tmp, "touch", "-h", "-d", "@" + EPOCH, p.toString(), p.getParent().toString());
            }
            run(tmp, "chown", "-h", e.uid() + ":" + e.gid(), p.toString());
            if (e.type() != Type.SYMLINK) {
                run(tmp, "chmod", Integer.toOctalString(e.mode()), p.toString());
            }
        }
        return new RootfsTree(tree.folder(), Manifest.scan(tree.folder()));
    }
}
