package io.rootfs.core.distro;

import io.rootfs.api.DistroDescriptor;
import java.nio.file.Path;

/**
 * A distro as found: what it says about itself and its config.sh, read without running or
 * unpacking anything, and where it came from. A distro from a jar has a folder only once the
 * build has unpacked it ({@link #unpackedInto}); {@code rootfs:list} never unpacks.
 *
 * @param folder the folder holding config.sh (Kata's {@code CONFIG_DIR}); null for a jar not unpacked yet
 * @param jar    the distro jar, or null for a local folder
 * @param origin the coordinates or folder it was found at, for messages
 */
public record Distro(DistroDescriptor descriptor, ConfigSh config, Path folder, Path jar, DistroSource source,
        String origin) {

    public String id() {
        return descriptor.id();
    }

    /** Kata's {@code script_dir}: the folder that holds all distro folders. */
    public Path scriptDir() {
        return folder.getParent();
    }

    /** This distro with its folder on disk: a jar is unpacked into {@code parent/<id>}; a local folder stays where it is. */
    public Distro unpackedInto(Path parent) {
        if (jar == null) {
            return this;
        }
        return new Distro(descriptor, config, DistroJar.unpack(jar, id(), parent), jar, source, origin);
    }
}
