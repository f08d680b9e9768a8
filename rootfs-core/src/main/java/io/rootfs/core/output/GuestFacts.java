package io.rootfs.core.output;

import java.nio.file.Path;
import java.util.List;

/**
 * What the build settled on, for the outputs that describe the guest (the SBOM and the build report).
 *
 * @param inputs the files that went into the guest besides its packages: the agent, kernel modules,
 *               the distro artifact
 */
public record GuestFacts(String distroId, String distroName, String osVersion, String arch, String builder,
        String builderVersion, String backend, List<Input> inputs) {

    /** A file that went into the guest. */
    public record Input(String name, String role, Path file) {
    }

    public GuestFacts {
        inputs = List.copyOf(inputs);
    }
}
