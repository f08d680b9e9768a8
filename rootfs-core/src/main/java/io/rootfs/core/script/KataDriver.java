package io.rootfs.core.script;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bash driver that runs a Kata distro folder (kata-driver.sh, shipped in this jar), for any backend. */
public final class KataDriver {
    /** Its file name in the work folder. */
    public static final String FILE = "kata-driver.sh";

    private KataDriver() {
    }

    /** Writes the driver into {@code workDir} and returns its path. */
    public static Path write(Path workDir) {
        try (InputStream in = KataDriver.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw RootfsException.environment("The plugin jar lacks " + FILE + ": reinstall the plugin");
            }
            Files.createDirectories(workDir);
            Path driver = workDir.resolve(FILE);
            Files.deleteIfExists(driver); // a new file, never one a script left (or a link it planted)
            Files.write(driver, in.readAllBytes(), java.nio.file.StandardOpenOption.CREATE_NEW);
            return driver;
        } catch (IOException e) {
            throw RootfsException.environment("Cannot write " + FILE + " into " + workDir + ": " + e.getMessage(), e);
        }
    }
}
