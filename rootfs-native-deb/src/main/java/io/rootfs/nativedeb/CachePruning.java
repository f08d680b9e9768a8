package io.rootfs.nativedeb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the native backend keeps in a package cache, and when it goes: a file's modification time
 * says when a build last used it (set when a build takes a .deb, a decoded copy or a resolved set
 * from the cache, and when it writes one), and after a successful build every such file no build
 * has used for the days asked ({@code rootfs.packageCache.keepDays}) is deleted, in the folders of
 * every distro, release and architecture the cache holds (a release left behind goes too). Only the names the
 * backend writes are looked at (a SHA-256 and its suffix), only plain files, and only in folders
 * that are themselves folders, not links; another user's file that cannot be deleted stays.
 *
 * <p>Builds sharing the cache: a build marks a file before it hashes or reads it, and a file is
 * looked at again just before it goes, so one another build is taking stays (or, when it went a
 * moment before, that build finds it missing and fetches or decodes it again).
 */
final class CachePruning {
    /** The .debs, by SHA-256 ({@link PackageFetcher#cached}). */
    static final String DEBS = "debs-by-sha256";
    /** The decoded copies ({@link DecodedCache}). */
    static final String DECODED = "decoded-by-sha256";
    /** The resolved sets ({@link RememberedSet}). */
    static final String RESOLVED = "resolved-sets";

    private static final List<Kept> KEPT = List.of(new Kept(DEBS, PackageFetcher.NAME), new Kept(DECODED,
            DecodedCache.NAME), new Kept(RESOLVED, RememberedSet.NAME));

    private CachePruning() {
    }

    /** A folder of the cache and the names the backend writes into it. */
    private record Kept(String folder, Pattern names) {
    }

    /** What a pruning deleted. */
    record Pruned(int files, long bytes) {
    }

    /** Marks a kept file as used now; a file another user owns keeps its time (and may go when its owner's builds prune). */
    static void used(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException | SecurityException e) {
            // not this user's, or gone: whoever reads it next finds out
        }
    }

    /**
     * Deletes from every cache folder under {@code root} (its {@code DISTRO/RELEASE/ARCH} folders,
     * this build's and the others') what no build used for {@code keep} and this build did not use:
     * files marked before {@code started} and before {@code now - keep}.
     */
    static Pruned prune(Path root, Duration keep, Instant started, Instant now) {
        // what this build marked is newer than its start (two seconds spare: some file systems keep whole seconds)
        Instant since = started.minusSeconds(2);
        Instant before = now.minus(keep).isBefore(since) ? now.minus(keep) : since;
        Pruned all = new Pruned(0, 0);
        for (Path folder : folders(root, 3)) {
            Pruned one = pruneFolder(folder, before);
            all = new Pruned(all.files() + one.files(), all.bytes() + one.bytes());
        }
        return all;
    }

    /** The folders {@code depth} steps below {@code root}, none reached through a link. */
    private static List<Path> folders(Path root, int depth) {
        List<Path> level = List.of(root);
        for (int i = 0; i < depth; i++) {
            List<Path> next = new java.util.ArrayList<>();
            for (Path folder : level) {
                try (DirectoryStream<Path> all = Files.newDirectoryStream(folder)) {
                    all.forEach(p -> {
                        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                            next.add(p);
                        }
                    });
                } catch (IOException e) {
                    // a folder that cannot be listed is left as it is
                }
            }
            level = next;
        }
        return level;
    }

    private static Pruned pruneFolder(Path cacheFolder, Instant before) {
        int files = 0;
        long bytes = 0;
        for (Kept k : KEPT) {
            Path folder = cacheFolder.resolve(k.folder());
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (DirectoryStream<Path> all = Files.newDirectoryStream(folder)) {
                for (Path file : all) {
                    if (!k.names().matcher(file.getFileName().toString()).matches()) {
                        continue;
                    }
                    try {
                        // looked at just before it goes: a build that marked it meanwhile keeps it
                        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class,
                                LinkOption.NOFOLLOW_LINKS);
                        if (a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(before)) {
                            Files.delete(file);
                            files++;
                            bytes += a.size();
                        }
                    } catch (IOException e) {
                        // another user's, or gone already
                    }
                }
            } catch (IOException e) {
                // a folder that cannot be listed is left as it is
            }
        }
        return new Pruned(files, bytes);
    }
}
