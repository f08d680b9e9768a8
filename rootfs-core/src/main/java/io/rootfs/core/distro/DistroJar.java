package io.rootfs.core.distro;

import io.rootfs.api.DistroDescriptor;
import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a distro jar, which carries a distro folder under {@value DistroDescriptor#JAR_FOLDER}/.
 * A jar is untrusted input: its descriptor is checked before anything is derived from it, and it
 * is unpacked only into the build's own work folder, never outside it.
 */
final class DistroJar {
    private static final String PREFIX = DistroDescriptor.JAR_FOLDER + "/";
    /** Limits on what a distro jar may unpack to: a distro folder is scripts and keys, not a file system. */
    private static final long MAX_ENTRY = 64L << 20;
    private static final long MAX_TOTAL = 256L << 20;
    private static final int MAX_ENTRIES = 10_000;

    private DistroJar() {
    }

    /** Reads the descriptor and config.sh without unpacking anything. */
    static Distro read(Path jar, String fallbackId, DistroSource source, String origin) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(PREFIX + DistroDescriptor.FILE);
            ZipEntry config = zip.getEntry(PREFIX + "config.sh");
            if (entry == null || config == null) {
                throw RootfsException.input(jar.getFileName() + " is not a rootfs distro: it has no " + PREFIX
                        + "config.sh and " + PREFIX + DistroDescriptor.FILE
                        + ". A distro jar is made by the project that rootfs:scaffold writes.");
            }
            Properties p = new Properties();
            try (InputStream in = zip.getInputStream(entry)) {
                p.load(new java.io.StringReader(ConfigSh.text(in.readNBytes(ConfigSh.MAX_SIZE + 1),
                        origin + " " + entry.getName())));
            }
            DistroDescriptor descriptor;
            try {
                descriptor = DistroDescriptor.fromProperties(p, fallbackId);
            } catch (IllegalArgumentException e) {
                throw RootfsException.input(origin + " is not a usable distro: its " + DistroDescriptor.FILE + " says "
                        + e.getMessage() + ". Nothing of it was unpacked or run.");
            }
            String text;
            try (InputStream in = zip.getInputStream(config)) {
                text = ConfigSh.text(in.readNBytes(ConfigSh.MAX_SIZE + 1), origin + " " + config.getName());
            }
            return new Distro(descriptor, ConfigSh.parse(text), null, jar, source, origin);
        } catch (IOException e) {
            throw RootfsException.environment("Cannot read distro jar " + jar + ": " + e.getMessage(), e);
        }
    }

    /** Unpacks into {@code parent/<id>}, replacing what an earlier run left there; nothing lands outside it. */
    static Path unpack(Path jar, String id, Path parent) {
        Path target = parent.resolve(DistroDescriptor.checkId(id)).normalize();
        if (!target.startsWith(parent.normalize()) || target.equals(parent.normalize())) {
            throw RootfsException.input("Distro id " + id + " does not name a folder inside " + parent);
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Trees.deleteIfExists(target);
            Files.createDirectories(target);
            Enumeration<? extends ZipEntry> entries = zip.entries();
            long total = 0;
            int count = 0;
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(PREFIX) || entry.isDirectory()) {
                    continue;
                }
                Path out = target.resolve(entry.getName().substring(PREFIX.length())).normalize();
                if (!out.startsWith(target) || out.equals(target)) {
                    throw RootfsException.input(jar + " holds " + entry.getName() + ", which points outside its folder");
                }
                if (++count > MAX_ENTRIES) {
                    throw RootfsException.input(jar + " holds more than " + MAX_ENTRIES + " files: not a distro folder");
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    // sizes in a zip's headers can lie: count what is really inflated
                    byte[] bytes = in.readNBytes((int) MAX_ENTRY + 1);
                    total += bytes.length;
                    if (bytes.length > MAX_ENTRY || total > MAX_TOTAL) {
                        throw RootfsException.input(jar + " unpacks to more than " + (MAX_ENTRY >> 20) + " MiB in "
                                + entry.getName() + " or " + (MAX_TOTAL >> 20) + " MiB in all: not a distro folder");
                    }
                    Files.write(out, bytes, java.nio.file.StandardOpenOption.CREATE_NEW);
                }
            }
            return target;
        } catch (IOException e) {
            throw RootfsException.environment("Cannot unpack distro jar " + jar + " into " + target + ": " + e.getMessage(), e);
        }
    }
}
