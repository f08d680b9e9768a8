package io.rootfs.container;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders a build container sees, at the same paths as on this machine: the project and the
 * distro scripts read-only, the scripts' scratch folder ({@code workDir}, Kata's ROOTFS_WORK_DIR)
 * and the rootfs being built writable.
 */
public record ContainerMounts(Path project, Path scripts, Path workDir, Path staging, Path report) {

    public List<Path> readOnly() {
        List<Path> ro = new ArrayList<>(List.of(project));
        if (!scripts.startsWith(project) && !scripts.startsWith(workDir)) {
            ro.add(scripts);
        }
        return ro;
    }

    /** Only the tree and the scripts' own scratch folder: never the lock, the log or the unpacked distro. */
    public List<Path> writable() {
        return List.of(workDir, staging);
    }

    /** What a remote engine gets copied in: the scripts, the work folder and the empty rootfs folder. */
    public List<Path> toCopy() {
        List<Path> copy = new ArrayList<>();
        if (!scripts.startsWith(workDir)) {
            copy.add(scripts);
        }
        copy.add(workDir);
        copy.add(staging);
        return copy;
    }

    /** What comes back from a remote engine: the rootfs and the build's report. */
    public List<Path> toCopyBack() {
        return List.of(staging, report);
    }
}
