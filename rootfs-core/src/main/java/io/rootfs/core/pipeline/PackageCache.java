package io.rootfs.core.pipeline;

import io.rootfs.api.Backend;
import io.rootfs.core.script.ScriptEnvironment;
import io.rootfs.core.tree.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The packages a build downloaded, kept for the next build of the same distro, release and arch
 * ({@code rootfs.packageCache}, by default under the local Maven repository): a build after a
 * changed {@code extraPackages} fetches only what is new. The distro's scripts read the folder as
 * {@code ROOTFS_PACKAGE_CACHE} (Debian and Ubuntu: mmdebstrap's documented way to reuse its .deb
 * cache), and keep the repository index they read in {@code ROOTFS_INDEX_CACHE}, so that Maven's
 * offline mode can build from the two. A container on a local engine gets the folder mounted when Maven runs as root; a
 * remote engine sees none of this machine's folders.
 */
final class PackageCache {
    /** What mmdebstrap's hook syntax can carry in a path: no blanks, no quotes. */
    private static final java.util.regex.Pattern SAFE = java.util.regex.Pattern.compile("[A-Za-z0-9_./+@%=,-]+");
    /** The packages (.deb files for Debian and Ubuntu), by their file names. */
    static final String PACKAGES = "packages";
    /** The repository index the last online build read (apt's lists), for offline builds. */
    static final String INDEX = "index";
    /** Beside the index ({@code index.mirror}): the mirror it came from, which an offline build must still use. */
    static final String MIRROR = ".mirror";

    private PackageCache() {
    }

    /** The cache folder of this build, made if missing; empty when there is none to use (and the log says why). */
    static Optional<Path> folder(BuildState s) {
        Optional<Path> folder = location(s, true);
        if (folder.isEmpty()) {
            return folder;
        }
        try {
            Path packages = Files.createDirectories(folder.get().resolve(PACKAGES));
            Files.createDirectories(folder.get().resolve(INDEX));
            adoptLoose(folder.get(), packages);
        } catch (IOException e) {
            s.log.warn("Package cache " + folder.get() + " not used: " + e.getMessage());
            return Optional.empty();
        }
        return folder;
    }

    /** Earlier versions kept the .debs in the folder itself: they move to where they are read now. */
    static int adoptLoose(Path folder, Path packages) throws IOException {
        int moved = 0;
        try (java.util.stream.Stream<Path> loose = Files.list(folder)) {
            for (Path deb : loose.filter(p -> p.getFileName().toString().endsWith(".deb")
                    && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                try {
                    Files.move(deb, packages.resolve(deb.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    moved++;
                } catch (java.nio.file.NoSuchFileException raced) {
                    // another build of the same cache moved it first
                }
            }
        }
        return moved;
    }

    /**
     * The cache folder when it holds a repository index an earlier build kept from this mirror,
     * so an offline build can take its index and packages from it; nothing is made or logged.
     */
    static Optional<Path> withIndex(BuildState s, String mirror) {
        return location(s, false).filter(f -> {
            try (java.util.stream.Stream<Path> files = Files.list(f.resolve(INDEX))) {
                Path from = f.resolve(INDEX + MIRROR);
                return mirror != null && Files.isRegularFile(from) && Files.readString(from).strip().equals(mirror)
                        && files.anyMatch(p -> p.getFileName().toString().endsWith("_Packages")
                                || p.getFileName().toString().contains("_Packages."));
            } catch (IOException e) {
                return false;
            }
        });
    }

    /**
     * Whether this user may not read the cache in {@code folder}, its index or the name of the index's mirror: a
     * folder on the way, or one of those, is another user's and closed to others, so a cache that may be full must
     * not be called empty.
     */
    static boolean closed(Path folder) {
        for (Path what : List.of(folder, folder.resolve(INDEX))) {
            try (java.util.stream.Stream<Path> files = Files.list(what)) {
                files.findAny();
            } catch (java.nio.file.AccessDeniedException e) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        try (java.io.InputStream mirror = Files.newInputStream(folder.resolve(INDEX + MIRROR))) {
            return false;
        } catch (java.nio.file.AccessDeniedException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The digest of the kept index (its InRelease files), when this build's cache folder has one. */
    static Optional<String> keptIndexDigest(BuildState s) {
        return location(s, false).flatMap(f -> {
            try (java.util.stream.Stream<Path> files = Files.list(f.resolve(INDEX))) {
                List<Path> releases = files.filter(p -> p.getFileName().toString().endsWith("InRelease")).sorted().toList();
                StringBuilder all = new StringBuilder();
                for (Path r : releases) {
                    all.append(r.getFileName()).append(' ').append(io.rootfs.core.output.Digests.sha256(r)).append('\n');
                }
                return releases.isEmpty() ? Optional.empty() : Optional.of(io.rootfs.core.output.Digests.sha256(all.toString()));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /** What the distro's scripts get: where the packages and the index are kept. */
    static void export(Path folder, java.util.Map<String, String> env) {
        env.put(ScriptEnvironment.PACKAGE_CACHE, folder.resolve(PACKAGES).toString());
        env.put(ScriptEnvironment.INDEX_CACHE, folder.resolve(INDEX).toString());
    }

    /** Where this build's cache folder is (or would be), when it has one; nothing is made or logged. */
    static Optional<Path> location(BuildState s) {
        return location(s, false);
    }

    private static Optional<Path> location(BuildState s, boolean say) {
        Path root = s.request.packageCache();
        if (root == null) {
            return Optional.empty();
        }
        if (s.backend.backend() == Backend.CONTAINER && (s.backend.engine().remote() || !s.host.probe().isRoot())) {
            if (say) {
                s.log.info("Package cache: not used by this container build (" + (s.backend.engine().remote()
                        ? "a remote engine sees none of this machine's folders)"
                        : "what the container writes would be root's in your cache)"));
            }
            return Optional.empty();
        }
        String release = s.release();
        Path folder = root.resolve(s.distro.id()).resolve(release == null ? "default" : release)
                .resolve(s.request.arch().kataName()).toAbsolutePath().normalize();
        if (!SAFE.matcher(folder.toString()).matches() || !folder.startsWith(root.toAbsolutePath().normalize())
                || folder.getNameCount() != root.toAbsolutePath().normalize().getNameCount() + 3) {
            if (say) {
                s.log.warn("Package cache " + folder + " not used: its path holds a blank, a quote or a step out of "
                        + root + " (from the release name?), which the cache cannot take. Set -Drootfs.packageCache to"
                        + " a plain path, or use a plain release name.");
            }
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
