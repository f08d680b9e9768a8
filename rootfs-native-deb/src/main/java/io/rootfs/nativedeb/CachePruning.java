package io.rootfs.nativedeb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the native backend keeps in a package cache, and when it goes: a file's modification time
 * says when a build last used it (set when a build takes a .deb, a decoded copy or a resolved set
 * from the cache, and when it writes one), and after a successful build every such file no build
 * has used for the days asked ({@code rootfs.packageCache.keepDays}) is deleted, in the folders of
 * every distro, release and architecture the cache holds (a release left behind goes too).
 *
 * <p>Only the names the backend writes are looked at (a SHA-256 and its suffix), only plain files
 * the build's own user owns (another user's go when that user's builds prune them), and the
 * folders are walked and the files deleted relative to folders opened without following links,
 * so nothing outside the cache can be reached, not even by a folder swapped for a link meanwhile.
 * Builds sharing the cache: nothing any build marked within the last {@link #IN_USE} goes,
 * whatever the days asked, so a file another build took a moment ago is still there when that
 * build reads it.
 */
final class CachePruning {
    /** The .debs, by SHA-256 ({@link PackageFetcher#cached}). */
    static final String DEBS = "debs-by-sha256";
    /** The decoded copies ({@link DecodedCache}). */
    static final String DECODED = "decoded-by-sha256";
    /** The resolved sets ({@link RememberedSet}). */
    static final String RESOLVED = "resolved-sets";
    /** What a build marked less than this ago may still be read by it: never deleted. */
    static final Duration IN_USE = Duration.ofHours(1);

    private static final List<Kept> KEPT = List.of(new Kept(DEBS, PackageFetcher.NAME), new Kept(DECODED,
            DecodedCache.NAME), new Kept(RESOLVED, RememberedSet.NAME));

    private CachePruning() {
    }

    /** A folder of the cache and the names the backend writes into it. */
    private record Kept(String folder, Pattern names) {
    }

    /** What a pruning deleted. */
    record Pruned(int files, long bytes) {
        Pruned plus(long size) {
            return new Pruned(files + 1, bytes + size);
        }
    }

    /**
     * Marks a kept file as used now (a link itself, never what it names); a file another user owns
     * keeps its time, and is not deleted by this user's builds either.
     */
    static void used(Path file) {
        try {
            Files.getFileAttributeView(file, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.from(Instant.now()), null, null);
        } catch (IOException | RuntimeException e) {
            // not this user's, or gone: whoever reads it next finds out
        }
    }

    /**
     * Deletes from every cache folder under {@code root} (its {@code DISTRO/RELEASE/ARCH} folders,
     * this build's and the others') the files of this user no build used for {@code keep}, none this
     * build used (marked since {@code started}) and none marked within {@link #IN_USE}.
     *
     * @param ownFolder a folder this build writes in (its own cache folder): who owns a file it makes there is this build's user
     * @throws IOException when the root cannot be opened as a folder that can be walked safely
     */
    static Pruned prune(Path root, Path ownFolder, Duration keep, Instant started, Instant now) throws IOException {
        Instant cutoff = now.minus(keep.compareTo(IN_USE) > 0 ? keep : IN_USE);
        // what this build marked is newer than its start (two seconds spare: some file systems keep whole seconds)
        Instant before = cutoff.isBefore(started.minusSeconds(2)) ? cutoff : started.minusSeconds(2);
        UserPrincipal me = CacheFiles.ofOwnFile(ownFolder, p -> Files.getOwner(p, LinkOption.NOFOLLOW_LINKS));
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
            if (!(top instanceof SecureDirectoryStream<Path> secure)) {
                throw new IOException(root + " cannot be walked without following links on this system");
            }
            Pruned gone = new Pruned(0, 0);
            for (SecureDirectoryStream<Path> folder : below(secure, 3)) {
                for (Kept k : KEPT) {
                    gone = pruneFolder(folder, k, before, me, gone);
                }
                closeQuietly(folder);
            }
            return gone;
        }
    }

    /** The folders {@code depth} steps below {@code top}, each opened without following a link ({@code top} is the caller's to close). */
    private static List<SecureDirectoryStream<Path>> below(SecureDirectoryStream<Path> top, int depth) {
        List<SecureDirectoryStream<Path>> level = List.of(top);
        for (int i = 0; i < depth; i++) {
            List<SecureDirectoryStream<Path>> next = new ArrayList<>();
            for (SecureDirectoryStream<Path> folder : level) {
                for (Path name : names(folder, n -> true)) {
                    opened(folder, name).ifPresent(next::add);
                }
                if (folder != top) {
                    closeQuietly(folder);
                }
            }
            level = next;
        }
        return level;
    }

    /** The names in {@code folder} that {@code wanted} takes; none when it cannot be read (a read error). */
    private static List<Path> names(SecureDirectoryStream<Path> folder, java.util.function.Predicate<String> wanted) {
        List<Path> names = new ArrayList<>();
        try {
            folder.forEach(p -> {
                if (wanted.test(p.getFileName().toString())) {
                    names.add(p.getFileName());
                }
            });
        } catch (RuntimeException e) {
            return List.of();
        }
        return names;
    }

    /** The folder {@code name} in {@code folder}, opened without following a link; empty when it is none (or a link, or gone). */
    private static java.util.Optional<SecureDirectoryStream<Path>> opened(SecureDirectoryStream<Path> folder, Path name) {
        try {
            return java.util.Optional.of((SecureDirectoryStream<Path>) folder.newDirectoryStream(name,
                    LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static void closeQuietly(SecureDirectoryStream<Path> folder) {
        try {
            folder.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }

    private static Pruned pruneFolder(SecureDirectoryStream<Path> cacheFolder, Kept k, Instant before, UserPrincipal me,
            Pruned gone) {
        java.util.Optional<SecureDirectoryStream<Path>> opened = opened(cacheFolder, Path.of(k.folder()));
        if (opened.isEmpty()) {
            return gone;
        }
        SecureDirectoryStream<Path> folder = opened.get();
        for (Path name : names(folder, n -> k.names().matcher(n).matches())) {
            try {
                // looked at just before it goes, relative to the folder held open
                PosixFileAttributes a = folder.getFileAttributeView(name, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes();
                if (a.isRegularFile() && me.equals(a.owner()) && a.lastModifiedTime().toInstant().isBefore(before)) {
                    folder.deleteFile(name);
                    gone = gone.plus(a.size());
                }
            } catch (IOException | RuntimeException e) {
                // gone already, or cannot be deleted here: left
            }
        }
        closeQuietly(folder);
        return gone;
    }
}
