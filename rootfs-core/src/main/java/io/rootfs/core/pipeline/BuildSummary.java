package io.rootfs.core.pipeline;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished build made, in the words of its last log line, and the files it wrote beside the
 * rootfs (for the plugin to attach).
 *
 * @param files the output files by format, in the order written; the build report last
 */
public record BuildSummary(String distro, String osVersion, int packages, boolean packagesInstalled, long bytes,
        Path rootfs, double seconds, List<Output> files) {

    /** A file the build delivered. */
    public record Output(String format, Path file) {
    }

    public BuildSummary {
        files = List.copyOf(files);
    }

    public String line() {
        return String.format("Built %s %s: %d packages %s, %.1f MB in %s, %.1f s", distro, osVersion, packages,
                packagesInstalled ? "installed" : "requested", bytes / 1e6, rootfs, seconds);
    }
}
