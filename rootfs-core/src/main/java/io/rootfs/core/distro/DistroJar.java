package io.rootfs.core.distro;

import io.rootfs.api.DistroDescriptor;
import io.rootfs.core.RootfsException;
import io.rootfs.core.os.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
                p.load(in);
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
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(PREFIX) || entry.isDirectory()) {
                    continue;
                }
                Path out = target.resolve(entry.getName().substring(PREFIX.length())).normalize();
                if (!out.startsWith(target) || out.equals(target)) {
                    throw RootfsException.input(jar + " holds " + entry.getName() + ", which points outside its folder");
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out);
                }
            }
            return target;
        } catch (IOException e) {
            throw RootfsException.environment("Cannot unpack distro jar " + jar + " into " + target + ": " + e.getMessage(), e);
        }
    }
}
