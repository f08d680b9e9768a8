package io.rootfs.core.output;

import io.rootfs.core.tree.RootfsTree;
import io.rootfs.core.tree.TreeEntry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The tree as a POSIX tar ({@code rootfs.tar.zst}): entries in path order, named {@code ./path},
 * owners as numbers only, modes, times, links and device nodes from the manifest; zstd, gzip or
 * none ({@code rootfs.tarCompression}).
 */
public final class TarOutput implements RootfsOutput {
    static final List<Compression> ACCEPTED = List.of(Compression.ZSTD, Compression.GZIP, Compression.NONE);

    @Override
    public String format() {
        return "tar";
    }

    static Compression compression(OutputContext c) {
        return Compression.parse("rootfs.tarCompression", c.spec().tarCompression(), ACCEPTED);
    }

    @Override
    public List<String> fileNames(OutputContext c) {
        return List.of(c.base() + ".tar" + compression(c).suffix());
    }

    @Override
    public void write(RootfsTree tree, Path folder, OutputContext c) throws IOException {
        Path file = folder.resolve(fileNames(c).get(0));
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                OutputStream compressed = compression(c).wrap(raw);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (TreeEntry e : tree.manifest().entries()) {
                write(tar, tree, e);
            }
            tar.finish();
        }
    }

    private static void write(TarArchiveOutputStream tar, RootfsTree tree, TreeEntry e) throws IOException {
        String name = e.path().isEmpty() ? "./" : "./" + e.path();
        TarArchiveEntry t = switch (e.type()) {
            case DIRECTORY -> new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
            case SYMLINK -> new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            case HARDLINK -> new TarArchiveEntry(name, TarConstants.LF_LINK);
            case CHAR_DEVICE -> new TarArchiveEntry(name, TarConstants.LF_CHR);
            case BLOCK_DEVICE -> new TarArchiveEntry(name, TarConstants.LF_BLK);
            case FIFO -> new TarArchiveEntry(name, TarConstants.LF_FIFO);
            case FILE -> new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            case SOCKET -> null; // a socket is made by whoever listens on it: an archive holds none
        };
        if (t == null) {
            return;
        }
        t.setMode(e.mode());
        t.setUserId(e.uid());
        t.setGroupId(e.gid());
        t.setUserName("");
        t.setGroupName("");
        t.setModTime(new Date(e.mtime() * 1000));
        switch (e.type()) {
            case SYMLINK -> t.setLinkName(e.target());
            case HARDLINK -> t.setLinkName("./" + e.target());
            case CHAR_DEVICE, BLOCK_DEVICE -> {
                t.setDevMajor(e.major());
                t.setDevMinor(e.minor());
            }
            default -> { }
        }
        Path data = null;
        if (e.type() == TreeEntry.Type.FILE) {
            data = tree.file(e);
            long size = Files.size(data);
            if (!Files.isRegularFile(data, LinkOption.NOFOLLOW_LINKS) || size != e.size()) {
                throw new IOException(data + " changed after the tree's manifest was made");
            }
            t.setSize(size);
        }
        tar.putArchiveEntry(t);
        if (data != null) {
            try (InputStream in = Files.newInputStream(data, LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(tar);
            }
        }
        tar.closeArchiveEntry();
    }
}
