package io.rootfs.core.output;

import io.rootfs.core.RootfsException;
import io.rootfs.core.guest.AgentInstaller;
import io.rootfs.core.tree.GuestPath;
import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.RootfsTree;
import io.rootfs.core.tree.TreeEntry.Type;
import io.rootfs.core.tree.TreeEntry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * The guest as Kata's initrd ({@code rootfs.initrd}), as {@code initrd_builder.sh} makes it: a newc
 * cpio of the tree with {@code /init} linking to {@code /sbin/init}, gzip by default because
 * Kata's guest kernel only enables CONFIG_RD_GZIP ({@code rootfs.initrdCompression=zstd} for
 * kernels that read zstd). Entries in path order, inode numbers counted from 1, owners, modes,
 * times and devices from the manifest; a file with several names carries its data once, at its
 * first name, as the kernel's unpacker expects.
 */
public final class InitrdOutput implements RootfsOutput {
    static final List<Compression> ACCEPTED = List.of(Compression.GZIP, Compression.ZSTD);

    @Override
    public String format() {
        return "initrd";
    }

    @Override
    public List<String> fileNames(OutputContext c) {
        return List.of(c.base() + ".initrd");
    }

    @Override
    public void write(RootfsTree tree, Path folder, OutputContext c) throws IOException {
        check(tree, c);
        Compression compression = Compression.parse("rootfs.initrdCompression", c.spec().initrdCompression(), ACCEPTED);
        List<TreeEntry> entries = new ArrayList<>(tree.manifest().entries());
        if (tree.manifest().get("init").isEmpty()) {
            entries.add(new TreeEntry("init", Type.SYMLINK, 0777, 0, 0, 0, 0, "/sbin/init", c.epoch(), 0));
        }
        Manifest all = Manifest.of(entries);
        Map<String, Long> inodes = new HashMap<>();
        Map<String, Integer> names = new HashMap<>();
        long next = 1;
        for (TreeEntry e : all.entries()) {
            if (e.type() == Type.HARDLINK) {
                names.merge(e.target(), 1, Integer::sum);
            } else {
                inodes.put(e.path(), next++);
            }
        }
        Path file = folder.resolve(fileNames(c).get(0));
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                OutputStream compressed = compression.wrap(raw);
                CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(new BufferedOutputStream(compressed, 1 << 16),
                        CpioConstants.FORMAT_NEW)) {
            for (TreeEntry e : all.entries()) {
                write(cpio, tree, e, e.type() == Type.HARDLINK ? inodes.get(e.target()) : inodes.get(e.path()),
                        1 + names.getOrDefault(e.type() == Type.HARDLINK ? e.target() : e.path(), 0));
            }
            cpio.finish();
        }
    }

    /** Kata's own checks before it makes an initrd: an init, and the agent unless the agent is init. */
    static void check(RootfsTree tree, OutputContext c) {
        GuestPath guest = new GuestPath(tree.folder());
        if (!Files.exists(guest.resolve("/sbin/init"), LinkOption.NOFOLLOW_LINKS)) {
            throw RootfsException.input("The guest has no /sbin/init, so it cannot be an initrd.");
        }
        if (!c.agentInit() && !Files.exists(guest.resolve(AgentInstaller.AGENT), LinkOption.NOFOLLOW_LINKS)) {
            throw RootfsException.input("The guest has no " + AgentInstaller.AGENT + ", and Kata's initrd needs the"
                    + " agent: give -Drootfs.agent (or rootfs.agentTarball, rootfs.agentArtifact), or leave initrd out of"
                    + " rootfs.formats.");
        }
    }

    private static void write(CpioArchiveOutputStream cpio, RootfsTree tree, TreeEntry e, long inode, int links)
            throws IOException {
        CpioArchiveEntry c = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, e.path().isEmpty() ? "." : e.path());
        c.setInode(inode);
        c.setUID(e.uid());
        c.setGID(e.gid());
        c.setTime(e.mtime());
        c.setNumberOfLinks(e.type() == Type.DIRECTORY ? 2 : links);
        c.setDeviceMaj(0);
        c.setDeviceMin(0);
        byte[] linkData = null;
        Path data = null;
        long type = switch (e.type()) {
            case DIRECTORY -> CpioConstants.C_ISDIR;
            case SYMLINK -> CpioConstants.C_ISLNK;
            case CHAR_DEVICE -> CpioConstants.C_ISCHR;
            case BLOCK_DEVICE -> CpioConstants.C_ISBLK;
            case FIFO -> CpioConstants.C_ISFIFO;
            case SOCKET -> CpioConstants.C_ISSOCK;
            case FILE, HARDLINK -> CpioConstants.C_ISREG;
        };
        c.setMode(type | e.mode());
        if (e.isDevice()) {
            c.setRemoteDeviceMaj(e.major());
            c.setRemoteDeviceMin(e.minor());
        }
        if (e.type() == Type.SYMLINK) {
            linkData = e.target().getBytes(StandardCharsets.UTF_8);
            c.setSize(linkData.length);
        } else if (e.type() == Type.FILE) {
            data = tree.file(e);
            if (!Files.isRegularFile(data, LinkOption.NOFOLLOW_LINKS) || Files.size(data) != e.size()) {
                throw new IOException(data + " changed after the tree's manifest was made");
            }
            c.setSize(e.size());
        } else {
            c.setSize(0); // another name of a file: the kernel links it to the first, which has the data
        }
        cpio.putArchiveEntry(c);
        if (linkData != null) {
            cpio.write(linkData);
        } else if (data != null) {
            try (InputStream in = Files.newInputStream(data, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(cpio);
            }
        }
        cpio.closeArchiveEntry();
    }
}
