package io.rootfs.core.output;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The rootfs folder: refused where a mistake would destroy something, built beside the old one
 * ({@code NAME.new}) and swapped in only once the build succeeded, so a failed build leaves the
 * previous good rootfs where it was.
 */
public final class DirectoryOutput {
    /** The file that marks a folder as a rootfs we built, and so ours to replace. */
    public static final String MARKER = "var/lib/osbuilder/osbuilder.yaml";

    private final Path target;
    private final Path staging;
    private final Path previous;

    private DirectoryOutput(Path target) {
        this.target = target;
        this.staging = target.resolveSibling(target.getFileName() + ".new");
        this.previous = target.resolveSibling(target.getFileName() + ".old");
    }

    /**
     * Checks the folder before any work.
     *
     * @param force allows a folder outside the build directory
     */
    public static DirectoryOutput of(Path rootfsDir, Path buildDir, Path projectDir, Path home, boolean force) {
        Path dir = rootfsDir.toAbsolutePath().normalize();
        String how = " Choose another -Drootfs.dir, such as " + buildDir.resolve("rootfs") + ".";
        if (dir.getParent() == null) {
            throw RootfsException.input("rootfs.dir=" + dir + " is the root folder: a build would replace it." + how);
        }
        if (home != null && home.toAbsolutePath().normalize().startsWith(dir)) {
            throw RootfsException.input("rootfs.dir=" + dir + " is or holds the home folder " + home + "." + how);
        }
        if (projectDir.toAbsolutePath().normalize().startsWith(dir)) {
            throw RootfsException.input("rootfs.dir=" + dir + " is or holds the project folder " + projectDir + "." + how);
        }
        if (!dir.startsWith(buildDir.toAbsolutePath().normalize()) && !force) {
            throw RootfsException.input("rootfs.dir=" + dir + " is outside the build directory " + buildDir
                    + ". Add -Drootfs.force=true if you mean it, or keep the default.");
        }
        if (isNonEmptyDirectory(dir) && !Files.isRegularFile(dir.resolve(MARKER))) {
            throw RootfsException.input("rootfs.dir=" + dir + " holds files but no " + MARKER
                    + ", so it is not a rootfs this plugin built and would be lost. Move it away or choose another -Drootfs.dir.");
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw RootfsException.input("rootfs.dir=" + dir + " exists and is not a folder." + how);
        }
        return new DirectoryOutput(dir);
    }

    public Path target() {
        return target;
    }

    /** An empty folder to build into, beside the target; what an earlier failed run left there is removed. */
    public Path prepareStaging() {
        try {
            Trees.deleteIfExists(staging);
            Files.createDirectories(staging.getParent());
            Files.createDirectory(staging);
            return staging;
        } catch (IOException e) {
            throw RootfsException.environment("Cannot prepare " + staging + ": " + e.getMessage(), e);
        }
    }

    /** Moves the finished staging folder into place; the old rootfs is removed only after that. */
    public void commit() {
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
                putBack();
            }
            throw RootfsException.environment("Cannot move " + staging + " to " + target + ": " + e.getMessage(), e);
        }
        try {
            Trees.deleteIfExists(previous);
        } catch (IOException e) {
            throw RootfsException.environment("The new rootfs is in " + target + ", but the previous one could not be"
                    + " removed from " + previous + ": " + e.getMessage(), e);
        }
    }

    private void putBack() {
        try {
            Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw RootfsException.environment("The previous rootfs is in " + previous + " (it could not be moved back"
                    + " to " + target + ": " + e.getMessage() + ")", e);
        }
    }

    /** Removes a failed build's staging folder (the target stays as it was). */
    public void discard() {
        try {
            Trees.deleteIfExists(staging);
        } catch (IOException e) {
            // the next build removes it before it starts
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
