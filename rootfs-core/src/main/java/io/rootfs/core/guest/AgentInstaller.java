package io.rootfs.core.guest;

import io.rootfs.api.AgentSource;
import io.rootfs.core.RootfsException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
            int entries = unpack(guest, file);
            Path agent = guest.resolve(AGENT);
            if (!Files.isRegularFile(agent) || !Files.isExecutable(agent)) {
                throw RootfsException.input("Agent tarball " + file + " (" + entries + " entries) holds no executable "
                        + AGENT.substring(1) + ". A Kata agent tarball has usr/bin/kata-agent at its root.");
            }
            return "unpacked " + entries + " entries from " + file.getFileName();
        }
        Path dest = guest.parentResolved(AGENT);
        Files.createDirectories(dest.getParent());
        Files.deleteIfExists(dest);
        Files.copy(file, dest, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rwxr-xr-x"));
        return "copied " + file;
    }

    /** Unpacks a tarball into the guest; no entry lands outside it, links stay links. */
    static int unpack(GuestPath guest, Path tarball) throws IOException {
        int count = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball));
                InputStream in = decompress(raw, tarball);
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (name.startsWith("/") || ("/" + name + "/").contains("/../")) {
                    throw RootfsException.input("Agent tarball " + tarball + " has entry " + name
                            + ", which would land outside the rootfs; refusing it");
                }
                String clean = name.replaceAll("^(\\./)+", "");
                if (clean.isEmpty() || clean.equals(".")) {
                    continue;
                }
                Path out = guest.parentResolved(clean);
                if (!out.normalize().startsWith(guest.root())) {
                    throw RootfsException.input("Agent tarball entry " + name + " resolves outside the rootfs");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.deleteIfExists(out);
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.deleteIfExists(out);
                    Files.copy(tar, out);
                    Files.setPosixFilePermissions(out, Modes.of(entry.getMode()));
                } else {
                    continue; // devices and hard links have no place in an agent tarball
                }
                count++;
            }
        }
        return count;
    }

    private static InputStream decompress(InputStream raw, Path tarball) throws IOException {
        try {
            return new CompressorStreamFactory().createCompressorInputStream(raw);
        } catch (CompressorException notCompressed) {
            return raw; // a plain tar
        }
    }
}
