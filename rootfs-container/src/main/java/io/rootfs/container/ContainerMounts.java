package io.rootfs.container;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders a build container sees, at the same paths as on this machine: the project and the
 * distro scripts read-only, the scripts' scratch folder ({@code workDir}, Kata's ROOTFS_WORK_DIR),
 * the rootfs being built and the package cache with its index (when there is one) writable.
 */
public record ContainerMounts(Path project, Path scripts, Path workDir, Path staging, Path report, List<Path> caches) {

    public List<Path> readOnly() {
        List<Path> ro = new ArrayList<>(List.of(project));
        if (!scripts.startsWith(project) && !scripts.startsWith(workDir)) {
            ro.add(scripts);
        }
        return ro;
    }

    /**
     * Only the tree, the scripts' own scratch folder and the package cache (a local engine, as
     * root): never the lock, the log or the unpacked distro.
     */
    public List<Path> writable() {
        List<Path> writable = new ArrayList<>(List.of(workDir, staging));
        writable.addAll(caches);
        return writable;
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
