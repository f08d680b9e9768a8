package io.rootfs.core.pipeline;

import java.nio.file.Path;

/** What a finished build made, in the words of its last log line. */
public record BuildSummary(String distro, String osVersion, int packages, boolean packagesInstalled, long bytes,
        Path rootfs, double seconds) {

    public String line() {
        return String.format("Built %s %s: %d packages %s, %.1f MB in %s, %.1f s", distro, osVersion, packages,
                packagesInstalled ? "installed" : "requested", bytes / 1e6, rootfs, seconds);
    }
}
