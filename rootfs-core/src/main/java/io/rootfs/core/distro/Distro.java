package io.rootfs.core.distro;

import io.rootfs.api.DistroDescriptor;
import java.nio.file.Path;

/**
 * A distro ready to run: its Kata folder on disk, what it says about itself, and where it came from.
 *
 * @param folder    the folder holding config.sh (Kata's {@code CONFIG_DIR})
 * @param origin    the coordinates or folder it was found at, for messages
 */
public record Distro(DistroDescriptor descriptor, Path folder, DistroSource source, String origin) {

    public String id() {
        return descriptor.id();
    }

    public ConfigSh config() {
        return ConfigSh.read(folder.resolve("config.sh"));
    }

    /** Kata's {@code script_dir}: the folder that holds all distro folders. */
    public Path scriptDir() {
        return folder.getParent();
    }
}
