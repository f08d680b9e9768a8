package io.rootfs.core.output;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import io.rootfs.core.host.Mounts;
import io.rootfs.core.host.ProcessGroup;
import io.rootfs.core.host.StrayProcesses;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The folder beside a rootfs ({@code NAME.work}) that holds everything one build of it needs
 * besides the rootfs itself: the lock, the tree being built, the previous tree during the swap,
 * the scripts' scratch space, the unpacked distro and the build log. It is per target, so two
 * rootfs folders never share scratch space, and it is ours alone: made fresh with a marker file,
 * and a folder of that name without the marker is refused, never deleted. It sits beside the
 * target so that the finished tree moves into place with a rename on the same file system.
 *
 * <p>The distro scripts (in a container, untrusted as far as this JVM goes) can write only
 * {@link #staging()} and {@link #run()}; {@code run/} is emptied before every build, and the lock,
 * the log and the unpacked distro live where they cannot reach, so nothing they plant is followed.
 */
public final class WorkFolder implements AutoCloseable {
    /** The file that marks a work folder as made by this plugin. */
    public static final String MARKER = ".rootfs-maven-plugin";
    /** The name of {@link #recorded()} in the scripts' folder. */
    public static final String RECORDED = "recorded.manifest";
    /** The script's process group, as noted in the lock file while it runs. */
    static final String SCRIPT_GROUP = "script-group";
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(30);

    private final Path dir;
    private final Path target;
    private final BuildLock lock;

    private WorkFolder(Path dir, Path target, BuildLock lock) {
        this.dir = dir;
        this.target = target;
        this.lock = lock;
    }

    /** The work folder of a rootfs target. */
    public static Path beside(Path target) {
        return target.resolveSibling(target.getFileName() + ".work");
    }

    /**
     * Makes or checks the work folder, takes the lock (or fails at once naming its holder), and
     * clears what an interrupted or crashed build left: its processes, its mounts, its half-built
     * tree, and a previous rootfs it had set aside (put back when the target is missing).
     */
    static WorkFolder open(Path target, BuildLog log) {
        Path dir = beside(target);
        ensureOurs(dir);
        BuildLock lock = BuildLock.acquire(dir.resolve("lock"), target);
        WorkFolder work = new WorkFolder(dir, target, lock);
        try {
            work.recover(log);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        return work;
    }

    private static void ensureOurs(Path dir) {
        try {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir);
                Files.writeString(dir.resolve(MARKER), "This folder is rootfs-maven-plugin's scratch space for "
                        + dir.getFileName().toString().replaceAll("\\.work$", "") + ". mvn clean removes it.\n");
                return;
            } catch (FileAlreadyExistsException exists) {
                // ours from an earlier build, or someone else's: the marker tells
            }
            if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw notOurs(dir);
            }
            for (int attempt = 0; attempt < 20 && !Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
                    attempt++) {
                Thread.sleep(50); // another build may have made it a moment ago and be writing the marker
            }
            if (!Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
                throw notOurs(dir);
            }
        } catch (IOException e) {
            throw RootfsException.environment("Cannot make the work folder " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RootfsException.environment("Interrupted while making " + dir, e);
        }
    }

    private static RootfsException notOurs(Path dir) {
        return RootfsException.input(dir + " exists and was not made by this plugin (it has no " + MARKER + "), so it"
                + " is left alone. The build needs that name beside the rootfs for its work folder: move it away, or"
                + " choose another -Drootfs.dir.");
    }

    private void recover(BuildLog log) {
        Map<String, String> before = lock.previousHolder();
        String group = before.get(SCRIPT_GROUP);
        if (group != null && group.matches("\\d+")) {
            ProcessGroup leftover = new ProcessGroup(Long.parseLong(group));
            if (leftover.leaderRuns(dir.toString()) && leftover.alive()) {
                log.warn("An earlier build of " + target + " (pid " + before.getOrDefault("pid", "?")
                        + ") ended, but its script (process group " + group + ") still runs: stopping it");
                leftover.stop(LEFTOVER_GRACE);
            }
        }
        int strays = StrayProcesses.stop(dir, LEFTOVER_GRACE);
        if (strays > 0) {
            log.warn("An earlier build of " + target + " left " + strays + " processes running in " + dir + ": stopped them");
        }
        List<Path> mounted = new Mounts().under(dir);
        if (!mounted.isEmpty()) {
            log.warn("An earlier build of " + target + " left " + mounted.size() + " mounts in " + dir
                    + " (interrupted or killed): unmounting " + mounted);
            List<Path> left = new Mounts().unmountUnder(dir);
            if (!left.isEmpty()) {
                throw RootfsException.environment("Cannot unmount " + left + ", left mounted by an earlier build of "
                        + target + ". Unmount them (umount -l PATH) as root, then build again.");
            }
        }
        try {
            if (Files.exists(previous(), LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(previous(), target, StandardCopyOption.ATOMIC_MOVE);
                    log.warn("An earlier build was stopped while it swapped in its rootfs: the rootfs it replaced is back"
                            + " in " + target);
                } else {
                    Trees.deleteIfExists(previous());
                }
            }
            Trees.deleteIfExists(staging());
            Trees.deleteIfExists(run());
            Trees.deleteIfExists(out());
        } catch (IOException e) {
            throw RootfsException.environment("Cannot clear what an earlier build left in " + dir + ": " + e.getMessage(),
                    e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The tree being built (Kata's ROOTFS_DIR). */
    public Path staging() {
        return dir.resolve("staging");
    }

    /** Where the previous rootfs waits while the new one moves into place. */
    Path previous() {
        return dir.resolve("previous");
    }

    /** The scripts' own folder (ROOTFS_WORK_DIR: the driver, keys, dnf.conf, the report); emptied before every build. */
    public Path run() {
        return dir.resolve("run");
    }

    /** Scratch space for the scripts (their TMPDIR). */
    public Path tmp() {
        return run().resolve("tmp");
    }

    /** Where distro jars are unpacked. */
    public Path distros() {
        return dir.resolve("distros");
    }

    /** What the driver reports the build settled on. */
    public Path report() {
        return run().resolve("build-report.env");
    }

    /**
     * What the tree's builder recorded that the files on disk cannot hold (owners and devices of a
     * tree unpacked without root), in the manifest's format; absent when the disk holds it all.
     */
    public Path recorded() {
        return run().resolve(RECORDED);
    }

    /**
     * Where a build script may deliver the tree as a tar stream (ROOTFS_TREE_TAR) instead of files
     * in ROOTFS_DIR: owners and devices then survive a build without root.
     */
    public Path treeTar() {
        return run().resolve("tree.tar");
    }

    /** Where file outputs are written before they move into place beside the rootfs. */
    public Path out() {
        return dir.resolve("out");
    }

    /** The names of the files beside the rootfs that builds of it wrote, one a line: theirs to replace. */
    public Path written() {
        return dir.resolve("outputs.list");
    }

    /** Whether a build of this target wrote {@code file} (it is listed in {@link #written()}). */
    public static boolean wrote(Path target, Path file) {
        Path list = beside(target).resolve("outputs.list");
        try {
            return Files.isRegularFile(list, LinkOption.NOFOLLOW_LINKS)
                    && Files.readAllLines(list).contains(file.getFileName().toString());
        } catch (IOException e) {
            return false;
        }
    }

    /** The manifest of the last tree built for this target. */
    public Path manifest() {
        return dir.resolve("manifest");
    }

    /** Everything the build's scripts printed. */
    public Path log() {
        return dir.resolve("build.log");
    }

    /** Notes the script's process group in the lock file, so a later build can stop it if this JVM dies. */
    public void scriptStarted(long group) {
        lock.note(SCRIPT_GROUP, Long.toString(group));
    }

    public void scriptEnded() {
        lock.note(SCRIPT_GROUP, "");
    }

    @Override
    public void close() {
        lock.close();
    }
}
