package io.rootfs.container;

import io.rootfs.core.RootfsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Folders into a tar stream for a remote engine, and a tar stream from it back into a folder. */
final class TarStreams {
    private TarStreams() {
    }

    /** A tar of {@code folders} (with their parents) whose entry names are their absolute paths without the leading /. */
    static InputStream of(List<Path> folders) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Set<Path> written = new LinkedHashSet<>();
            for (Path folder : folders) {
                for (Path parent = folder.getParent(); parent != null && parent.getParent() != null; parent = parent.getParent()) {
                    written.add(parent);
                }
            }
            for (Path parent : written.stream().sorted().toList()) {
                directory(tar, parent, 0755);
            }
            for (Path folder : folders) {
                try (Stream<Path> all = Files.walk(folder)) {
                    for (Path p : all.sorted().toList()) {
                        add(tar, p);
                    }
                }
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    private static void add(TarArchiveOutputStream tar, Path p) throws IOException {
        int mode = mode(p);
        if (Files.isSymbolicLink(p)) {
            TarArchiveEntry e = new TarArchiveEntry(name(p), TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(Files.readSymbolicLink(p).toString());
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        } else if (Files.isDirectory(p)) {
            directory(tar, p, mode);
        } else if (Files.isRegularFile(p)) {
            TarArchiveEntry e = new TarArchiveEntry(name(p));
            e.setMode(mode);
            e.setSize(Files.size(p));
            tar.putArchiveEntry(e);
            Files.copy(p, tar);
            tar.closeArchiveEntry();
        }
    }

    private static void directory(TarArchiveOutputStream tar, Path p, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name(p) + "/");
        e.setMode(mode);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static String name(Path p) {
        return p.toAbsolutePath().toString().substring(1);
    }

    /** Permission bits with setuid, setgid and sticky, as tar keeps them. */
    private static int mode(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    /** Unpacks {@code tar} into {@code folder} with the host's tar, keeping owners when asked (as root). */
    static void extract(InputStream tar, Path folder, boolean keepOwners) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("tar", "-x", "-p", "--numeric-owner",
                keepOwners ? "--same-owner" : "--no-same-owner", "-C", folder.toString())
                .redirectErrorStream(true);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            tar.transferTo(in);
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw RootfsException.environment("Cannot unpack the container's rootfs into " + folder + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RootfsException.environment("Interrupted while unpacking the container's rootfs", e);
        }
    }
}
