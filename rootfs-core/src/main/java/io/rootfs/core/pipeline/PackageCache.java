package io.rootfs.core.pipeline;

import io.rootfs.api.Backend;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The packages a build downloaded, kept for the next build of the same distro, release and arch
 * ({@code rootfs.packageCache}, by default under the local Maven repository): a build after a
 * changed {@code extraPackages} fetches only what is new. The distro's scripts read the folder as
 * {@code ROOTFS_PACKAGE_CACHE} (Debian and Ubuntu: mmdebstrap's documented way to reuse its .deb
 * cache). A container on a local engine gets the folder mounted when Maven runs as root; a
 * remote engine sees none of this machine's folders.
 */
final class PackageCache {
    /** What mmdebstrap's hook syntax can carry in a path: no blanks, no quotes. */
    private static final java.util.regex.Pattern SAFE = java.util.regex.Pattern.compile("[A-Za-z0-9_./+@%=,-]+");

    private PackageCache() {
    }

    /** The cache folder of this build, made if missing; empty when there is none to use (and the log says why). */
    static Optional<Path> folder(BuildState s) {
        Path root = s.request.packageCache();
        if (root == null) {
            return Optional.empty();
        }
        if (s.backend.backend() == Backend.CONTAINER && (s.backend.engine().remote() || !s.host.probe().isRoot())) {
            s.log.info("Package cache: not used by this container build (" + (s.backend.engine().remote()
                    ? "a remote engine sees none of this machine's folders)"
                    : "what the container writes would be root's in your cache)"));
            return Optional.empty();
        }
        String release = s.release();
        Path folder = root.resolve(s.distro.id()).resolve(release == null ? "default" : release)
                .resolve(s.request.arch().kataName()).toAbsolutePath().normalize();
        if (!SAFE.matcher(folder.toString()).matches() || !folder.startsWith(root.toAbsolutePath().normalize())
                || folder.getNameCount() != root.toAbsolutePath().normalize().getNameCount() + 3) {
            s.log.warn("Package cache " + folder + " not used: its path holds a blank, a quote or a step out of "
                    + root + " (from the release name?), which the cache cannot take. Set -Drootfs.packageCache to a"
                    + " plain path, or use a plain release name.");
            return Optional.empty();
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            s.log.warn("Package cache " + folder + " not used: " + e.getMessage());
            return Optional.empty();
        }
        return Optional.of(folder);
    }

    /** The log line after a build: where the cache is, how big, and how to clear it or do without. */
    static String describe(Path folder) {
        long bytes;
        try {
            bytes = Trees.size(folder);
        } catch (IOException e) {
            bytes = -1;
        }
        return "Package cache: " + folder + (bytes < 0 ? "" : String.format(Locale.ROOT, ", %.1f MB", bytes / 1e6))
                + " (delete the folder to clear it; -Drootfs.packageCache=none builds without one)";
    }
}
