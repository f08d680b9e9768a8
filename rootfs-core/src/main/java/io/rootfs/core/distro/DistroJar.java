package io.rootfs.core.distro;

import io.rootfs.api.DistroDescriptor;
import io.rootfs.core.RootfsException;
import io.rootfs.core.output.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Unpacks the distro folder that a distro jar carries under {@value DistroDescriptor#JAR_FOLDER}/. */
final class DistroJar {
    private static final String PREFIX = DistroDescriptor.JAR_FOLDER + "/";

    private DistroJar() {
    }

    /** Reads the descriptor without unpacking anything. */
    static DistroDescriptor descriptor(Path jar, String fallbackId) {
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
            return DistroDescriptor.fromProperties(p, fallbackId);
        } catch (IOException e) {
            throw RootfsException.environment("Cannot read distro jar " + jar + ": " + e.getMessage(), e);
        }
    }

    /** Unpacks into {@code parent/<id>}, replacing what an earlier run left there. */
    static Path unpack(Path jar, String id, Path parent) {
        Path target = parent.resolve(id).normalize();
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
                if (!out.startsWith(target)) {
                    throw RootfsException.input(jar + " holds " + entry.getName() + ", which points outside its folder");
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw RootfsException.environment("Cannot unpack distro jar " + jar + " into " + target + ": " + e.getMessage(), e);
        }
    }
}
