package io.rootfs.core.guest;

import io.rootfs.api.AgentSource;
import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.GuestPath;
import io.rootfs.core.tree.GuestWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/** Puts the kata-agent at {@value #AGENT} in the guest, from a binary or a tarball. */
public final class AgentInstaller {
    /** Where Kata expects the agent. */
    public static final String AGENT = "/usr/bin/kata-agent";

    private AgentInstaller() {
    }

    /** Whether a file name (or artifact extension) is a tarball rather than a binary. */
    public static boolean isTarball(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".tar") || n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".tar.xz")
                || n.endsWith(".txz") || n.endsWith(".tar.bz2")
                || n.equals("tar") || n.equals("tar.gz") || n.equals("tgz") || n.equals("tar.xz");
    }

    /** Installs the agent and returns how it was installed, for the log. */
    static String install(GuestPath guest, AgentSource source, Path file) throws IOException {
        boolean tarball = source instanceof AgentSource.Tarball
                || source instanceof AgentSource.Artifact && isTarball(file.getFileName().toString());
        if (tarball) {
            String unpacked = unpack(guest, file, "Agent tarball");
            Path agent = guest.resolve(AGENT);
            if (!Files.isRegularFile(agent, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(agent)) {
                throw RootfsException.input("Agent tarball " + file + " (" + unpacked + ") holds no executable "
                        + AGENT.substring(1) + ". A Kata agent tarball has usr/bin/kata-agent at its root.");
            }
            checkAgentMode("Agent tarball " + file + " has " + AGENT.substring(1), mode(agent));
            return unpacked;
        }
        checkAgentMode("rootfs.agent=" + file, mode(file));
        try (InputStream in = Files.newInputStream(file)) {
            new GuestWriter(guest, "rootfs.agent=" + file).file(AGENT, in, 0755);
        }
        return "copied " + file;
    }

    /**
     * The agent runs as root in every guest: a world-writable agent could be replaced by anyone in
     * the guest, and a setuid or setgid bit has no use on it, so both are refused rather than dropped.
     */
    public static void checkAgentMode(String what, int mode) {
        if ((mode & 0002) != 0) {
            throw RootfsException.input(what + " with mode " + Integer.toOctalString(mode & 07777)
                    + ", writable by everyone: refusing it. chmod o-w it (0755 is usual).");
        }
        if ((mode & 06000) != 0) {
            throw RootfsException.input(what + " with mode " + Integer.toOctalString(mode & 07777)
                    + ": the agent runs as root, so a setuid or setgid bit has no use on it and is refused. chmod ug-s it.");
        }
    }

    private static int mode(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    /**
     * Unpacks a tarball (plain, gzip, xz, bzip2 or zstd) into the guest through {@link GuestWriter}:
     * no entry lands outside it, links stay links.
     *
     * @param what the tarball's role, for messages ("Agent tarball", "GUEST_HOOKS_TARBALL"...)
     */
    static String unpack(GuestPath guest, Path tarball, String what) throws IOException {
        GuestWriter writer = new GuestWriter(guest, what + " " + tarball);
        int count = 0;
        List<String> setuid = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball));
                InputStream in = decompress(raw);
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (name.startsWith("/") || ("/" + name + "/").contains("/../")) {
                    throw RootfsException.input(what + " " + tarball + " has entry " + name
                            + ", which would land outside the rootfs; refusing it");
                }
                String clean = name.replaceAll("^(\\./)+", "").replaceAll("/+$", "");
                if (clean.isEmpty() || clean.equals(".")) {
                    continue;
                }
                int mode = entry.getMode() & 07777;
                if (entry.isDirectory()) {
                    if ((mode & 01002) == 0002) {
                        throw RootfsException.input(what + " " + tarball + " has folder " + clean + " with mode "
                                + Integer.toOctalString(mode) + ", writable by everyone and not sticky: refusing it.");
                    }
                    writer.directory(clean);
                } else if (entry.isSymbolicLink()) {
                    writer.symlink(clean, entry.getLinkName());
                } else if (entry.isLink()) {
                    Path existing = guest.parentResolved(entry.getLinkName().replaceAll("^(\\./)+", ""));
                    writer.hardLink(clean, existing);
                } else if (entry.isFile()) {
                    if ((mode & 0002) != 0) {
                        throw RootfsException.input(what + " " + tarball + " has " + clean + " with mode "
                                + Integer.toOctalString(mode) + ", writable by everyone in the guest: refusing it.");
                    }
                    if ((mode & 06000) != 0) {
                        setuid.add(clean);
                    }
                    writer.file(clean, tar, mode);
                } else {
                    throw RootfsException.input(what + " " + tarball + " has " + clean + ", a device, FIFO or"
                            + " other special file: only files, folders and links are unpacked into the guest.");
                }
                count++;
            }
        }
        return "unpacked " + count + " entries from " + tarball.getFileName()
                + (setuid.isEmpty() ? "" : " (setuid/setgid kept on " + String.join(", ", setuid) + ")");
    }

    private static InputStream decompress(InputStream raw) throws IOException {
        try {
            return new CompressorStreamFactory().createCompressorInputStream(raw);
        } catch (CompressorException notCompressed) {
            return raw; // a plain tar
        }
    }
}
