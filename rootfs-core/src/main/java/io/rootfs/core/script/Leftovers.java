package io.rootfs.core.script;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import io.rootfs.core.host.Mounts;
import io.rootfs.core.host.StrayProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a distro script may not leave behind when it ends, even when it succeeds: processes still
 * running in the tree (a daemon a package started in the chroot, in a session of its own), and
 * mounts inside the tree. A bind mount left in the tree would make the finishing steps write, and
 * a later removal delete, whatever folder of the host it shows.
 */
public final class Leftovers {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private Leftovers() {
    }

    /** Stops stray processes, takes down mounts, and fails the build when there were mounts. */
    public static void check(Path staging, Path workDir, BuildLog log) {
        int stopped = StrayProcesses.stop(workDir, GRACE);
        if (stopped > 0) {
            log.warn("The distro's build_rootfs left " + stopped + " processes running in " + workDir + ": stopped them");
        }
        List<Path> mounted = new Mounts().under(staging);
        if (!mounted.isEmpty()) {
            List<Path> left = new Mounts().unmountUnder(staging);
            throw RootfsException.input("The distro's build_rootfs left " + mounted.size() + " mounts in the tree: "
                    + mounted + (left.isEmpty() ? " (now unmounted)" : "; still mounted: " + left)
                    + ". A guest is not built with anything mounted inside it: its build_rootfs must unmount what it"
                    + " mounts.");
        }
    }
}
