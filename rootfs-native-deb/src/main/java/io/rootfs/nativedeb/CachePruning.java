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
        UserPrincipal me = owner(ownFolder);
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
            if (!(top instanceof SecureDirectoryStream<Path> secure)) {
                throw new IOException(root + " cannot be walked without following links on this system");
            }
            Pruned gone = new Pruned(0, 0);
            for (Held folder : below(new Held(secure, root), 3)) {
                try (folder) {
                    for (Kept k : KEPT) {
                        gone = pruneFolder(folder, k, before, me, gone);
                    }
                }
            }
            return gone;
        }
    }

    /** This build's user: the owner of a file it makes in {@code folder} (a name need not exist for the id). */
    private static UserPrincipal owner(Path folder) throws IOException {
        Path probe = Files.createTempFile(folder, ".owner", ".probe");
        try {
            return Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** A folder opened without following links, with its path for naming. */
    private record Held(SecureDirectoryStream<Path> stream, Path path) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    /** The folders {@code depth} steps below {@code top}, each opened without following a link; {@code top} stays open. */
    private static List<Held> below(Held top, int depth) throws IOException {
        List<Held> level = new ArrayList<>(List.of(top));
        for (int i = 0; i < depth; i++) {
            List<Held> next = new ArrayList<>();
            for (Held folder : level) {
                next.addAll(children(folder));
                if (folder != top) {
                    folder.close();
                }
            }
            level = next;
        }
        return level;
    }

    /** The folders in {@code folder}, opened relative to it without following links (links and the rest skipped). */
    private static List<Held> children(Held folder) {
        List<Path> names = new ArrayList<>();
        try {
            folder.stream().forEach(p -> names.add(p.getFileName()));
        } catch (RuntimeException e) {
            return List.of(); // cannot be listed (a read error): left as it is
        }
        List<Held> out = new ArrayList<>();
        for (Path name : names) {
            try {
                PosixFileAttributes a = folder.stream().getFileAttributeView(name, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes();
                if (a.isDirectory()) {
                    out.add(new Held((SecureDirectoryStream<Path>) folder.stream().newDirectoryStream(name,
                            LinkOption.NOFOLLOW_LINKS), folder.path().resolve(name)));
                }
            } catch (IOException | RuntimeException e) {
                // gone, swapped for a link meanwhile (refused), or not ours to open: left
            }
        }
        return out;
    }

    private static Pruned pruneFolder(Held cacheFolder, Kept k, Instant before, UserPrincipal me, Pruned gone) {
        Held folder;
        try {
            folder = new Held((SecureDirectoryStream<Path>) cacheFolder.stream().newDirectoryStream(
                    Path.of(k.folder()), LinkOption.NOFOLLOW_LINKS), cacheFolder.path().resolve(k.folder()));
        } catch (IOException | RuntimeException e) {
            return gone; // none there, or a link: left
        }
        try (folder) {
            List<Path> names = new ArrayList<>();
            folder.stream().forEach(p -> {
                if (k.names().matcher(p.getFileName().toString()).matches()) {
                    names.add(p.getFileName());
                }
            });
            for (Path name : names) {
                try {
                    // looked at just before it goes, relative to the folder held open
                    PosixFileAttributes a = folder.stream().getFileAttributeView(name, PosixFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).readAttributes();
                    if (a.isRegularFile() && me.equals(a.owner()) && a.lastModifiedTime().toInstant().isBefore(before)) {
                        folder.stream().deleteFile(name);
                        gone = gone.plus(a.size());
                    }
                } catch (IOException | RuntimeException e) {
                    // gone already, or cannot be deleted here: left
                }
            }
        } catch (IOException | RuntimeException e) {
            // a folder that cannot be read through is left as it is
        }
        return gone;
    }
}
