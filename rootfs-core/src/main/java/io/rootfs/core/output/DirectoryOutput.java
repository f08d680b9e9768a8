package io.rootfs.core.output;

import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import io.rootfs.core.guest.OsbuilderYaml;
import io.rootfs.core.host.Mounts;
import io.rootfs.core.host.RealPath;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rootfs folder: refused where a mistake would destroy something, built in the target's own
 * {@link WorkFolder} and swapped in only once the build succeeded, so a failed or interrupted build
 * leaves the previous good rootfs where it was. Every check looks at where the path really leads.
 */
public final class DirectoryOutput {
    /** The file that marks a folder as a rootfs we built, and so ours to replace. */
    public static final String MARKER = OsbuilderYaml.PATH.substring(1);

    private final Path target;
    private WorkFolder work;

    private DirectoryOutput(Path target) {
        this.target = target;
    }

    /**
     * Checks the folder before any work.
     *
     * @param force allows a folder outside the build directory
     */
    public static DirectoryOutput of(Path rootfsDir, Path buildDir, Path projectDir, Path home, boolean force) {
        Path dir = real("rootfs.dir", rootfsDir);
        Path build = real("the build directory", buildDir);
        String how = " Choose another -Drootfs.dir, such as " + buildDir.resolve("rootfs") + ".";
        String via = dir.equals(rootfsDir.toAbsolutePath().normalize()) ? "" : " (" + rootfsDir + " leads there through a link)";
        if (dir.getParent() == null) {
            throw RootfsException.input("rootfs.dir=" + dir + via + " is the root folder: a build would replace it." + how);
        }
        if (home != null && real("the home folder", home).startsWith(dir)) {
            throw RootfsException.input("rootfs.dir=" + dir + via + " is or holds the home folder " + home + "." + how);
        }
        if (real("the project folder", projectDir).startsWith(dir)) {
            throw RootfsException.input("rootfs.dir=" + dir + via + " is or holds the project folder " + projectDir + "."
                    + how);
        }
        if (!dir.startsWith(build) && !force) {
            throw RootfsException.input("rootfs.dir=" + rootfsDir + (via.isEmpty() ? "" : ", which is " + dir + ",")
                    + " is outside the build directory " + build + ". Add -Drootfs.force=true if you mean it, or keep the"
                    + " default.");
        }
        if (isNonEmptyDirectory(dir) && !Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
            throw RootfsException.input("rootfs.dir=" + dir + via + " holds files but no " + MARKER
                    + ", so it is not a rootfs this plugin built and would be lost. Move it away or choose another -Drootfs.dir.");
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw RootfsException.input("rootfs.dir=" + dir + via + " exists and is not a folder." + how);
        }
        for (Path up = dir.getParent(); up != null; up = up.getParent()) {
            if (Files.isRegularFile(up.resolve(WorkFolder.MARKER), LinkOption.NOFOLLOW_LINKS)
                    || Files.isRegularFile(up.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
                throw RootfsException.input("rootfs.dir=" + dir + via + " is inside " + up + ", a rootfs or work folder"
                        + " of another build, which replaces or clears it." + how);
            }
        }
        List<Path> mounted = new Mounts().under(dir);
        if (!mounted.isEmpty()) {
            throw RootfsException.input("rootfs.dir=" + dir + via + (mounted.contains(dir) ? " is a mount point"
                    : " has something mounted inside it (" + mounted + ")") + ": a build replaces the folder by renaming"
                    + " and removes the old one, which a mount forbids. Choose a folder without mounts, or inside the"
                    + " mounted one.");
        }
        Path work = WorkFolder.beside(dir);
        if (Files.exists(work, LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(work.resolve(WorkFolder.MARKER), LinkOption.NOFOLLOW_LINKS)) {
            throw RootfsException.input(work + " exists and was not made by this plugin (it has no " + WorkFolder.MARKER
                    + "), so it is left alone. The build needs that name beside rootfs.dir for its work folder: move it"
                    + " away, or choose another -Drootfs.dir.");
        }
        return new DirectoryOutput(dir);
    }

    private static Path real(String what, Path path) {
        try {
            return RealPath.of(path);
        } catch (UncheckedIOException e) {
            throw RootfsException.input("Cannot tell where " + what + " " + path + " leads: " + e.getCause().getMessage()
                    + ". Give a folder path without broken links.");
        }
    }

    /** The rootfs folder, its real path. */
    public Path target() {
        return target;
    }

    /** The work folder this rootfs would use (it may not exist yet). */
    public Path workDir() {
        return WorkFolder.beside(target);
    }

    /**
     * Takes the target for this build: its work folder, its lock (held until the work folder is
     * closed), and the clean-up of what an earlier, interrupted build left.
     */
    public WorkFolder open(BuildLog log) {
        work = WorkFolder.open(target, log);
        return work;
    }

    /** An empty folder to build into, in the work folder, and an empty scratch folder for the scripts. */
    public Path prepareStaging() {
        Path staging = work.staging();
        try {
            discard();
            Trees.deleteIfExists(work.run());
            Files.createDirectory(staging);
            Files.createDirectories(work.tmp());
            return staging;
        } catch (IOException e) {
            throw RootfsException.environment("Cannot prepare " + staging + ": " + e.getMessage(), e);
        }
    }

    /** Moves the finished staging folder into place; the old rootfs is removed only after that. */
    public synchronized void commit() {
        Path staging = work.staging();
        Path previous = work.previous();
        boolean setAside = false;
        try {
            Trees.deleteIfExists(previous);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
                setAside = true;
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (setAside) {
                putBack(previous);
            }
            throw RootfsException.environment("Cannot move " + staging + " to " + target + ": " + e.getMessage(), e);
        }
        try {
            Trees.deleteIfExists(previous);
            Trees.deleteIfExists(work.run());
        } catch (IOException e) {
            throw RootfsException.environment("The new rootfs is in " + target + ", but the previous one could not be"
                    + " removed from " + previous + ": " + e.getMessage(), e);
        }
    }

    private void putBack(Path previous) {
        try {
            Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw RootfsException.environment("The previous rootfs is in " + previous + " (it could not be moved back"
                    + " to " + target + ": " + e.getMessage() + ")", e);
        }
    }

    /**
     * Removes a failed or interrupted build's tree: first anything still mounted in it, then the
     * tree (the target stays as it was). Safe to call twice and from a shutdown hook.
     */
    public synchronized void discard() {
        if (work == null) {
            return;
        }
        new Mounts().unmountUnder(work.staging());
        try {
            Trees.deleteIfExists(work.staging());
            Trees.deleteIfExists(work.run());
        } catch (IOException e) {
            // the next build clears it before it starts
        }
    }

    private static boolean isNonEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
    }
}
