package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a build deletes from the package cache: only the backend's own files, unused for the days asked. */
class CachePruningTest {
    private static final String SHA = "a".repeat(64);
    private static final String SHA2 = "b".repeat(64);
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    /** A build's folder under the cache's root: distro, release, arch. */
    private static final String BOOKWORM = "debian/bookworm/x86_64";

    @Test
    void filesUnusedForTheDaysAskedGoTheRestStays(@TempDir Path cache) throws IOException {
        Path oldDeb = file(cache, CachePruning.DEBS, SHA + ".deb", 40, 1000);
        Path freshDeb = file(cache, CachePruning.DEBS, SHA2 + ".deb", 10, 1000);
        Path oldCopy = file(cache, CachePruning.DECODED, SHA + ".0123abcd.tar", 31, 3000);
        Path oldSet = file(cache, CachePruning.RESOLVED, SHA, 100, 10);
        // another release's folder, left behind: pruned the same way
        Path trixie = cache.resolve("debian/trixie/x86_64").resolve(CachePruning.DEBS).resolve(SHA + ".deb");
        Files.createDirectories(trixie.getParent());
        Files.write(trixie, new byte[5]);
        Files.setLastModifiedTime(trixie, FileTime.from(NOW.minus(Duration.ofDays(90))));
        // not the backend's names, or being written: never looked at
        Path part = file(cache, CachePruning.DEBS, "." + SHA + "123.part", 40, 10);
        Path other = file(cache, CachePruning.DEBS, "notes.txt", 400, 10);
        Path hostDeb = file(cache, "packages", "bash_5.2_amd64.deb", 400, 10);
        Path index = file(cache, "index", SHA, 400, 10);

        CachePruning.Pruned gone = CachePruning.prune(cache, cache, Duration.ofDays(30), NOW.minusSeconds(60), NOW);


        assertThat(gone).isEqualTo(new CachePruning.Pruned(4, 4015));
        assertThat(trixie).doesNotExist();
        assertThat(oldDeb).doesNotExist();
        assertThat(oldCopy).doesNotExist();
        assertThat(oldSet).doesNotExist();
        assertThat(freshDeb).exists();
        assertThat(part).exists();
        assertThat(other).exists();
        assertThat(hostDeb).exists();
        assertThat(index).exists();
    }

    @Test
    void zeroDaysDeletesWhatNoBuildUsedWithinTheHourNorThisOne(@TempDir Path cache) throws IOException {
        Instant started = Instant.now();
        Path before = file(cache, CachePruning.DEBS, SHA + ".deb", 0, 10);
        Files.setLastModifiedTime(before, FileTime.from(started.minus(Duration.ofMinutes(61))));
        // another build sharing the cache took this one a moment ago, and may not have read it yet
        Path another = file(cache, CachePruning.DEBS, "c".repeat(64) + ".deb", 0, 10);
        Files.setLastModifiedTime(another, FileTime.from(started.minus(Duration.ofMinutes(59))));
        // and this build used this one
        Path used = file(cache, CachePruning.DEBS, SHA2 + ".deb", 400, 10);
        CachePruning.used(used);

        CachePruning.prune(cache, cache, Duration.ZERO, started, Instant.now());

        assertThat(before).doesNotExist();
        assertThat(another).exists();
        assertThat(used).exists();

        // a build that ran for more than the hour keeps what it used at its start
        Instant longAgo = Instant.now().minus(Duration.ofHours(3));
        Files.setLastModifiedTime(used, FileTime.from(longAgo.plusSeconds(1)));
        CachePruning.prune(cache, cache, Duration.ZERO, longAgo, Instant.now());
        assertThat(used).exists();
    }

    @Test
    void anotherUsersFilesAreLeftToThem(@TempDir Path cache) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "giving a file to another user needs root");
        Path theirs = file(cache, CachePruning.DEBS, SHA + ".deb", 400, 10);
        Files.setOwner(theirs, cache.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Files.setLastModifiedTime(theirs, FileTime.from(NOW.minus(Duration.ofDays(400))));
        assertThat(CachePruning.prune(cache, cache, Duration.ofDays(30), NOW, NOW).files()).isZero();
        assertThat(theirs).exists();
    }

    @Test
    void usedMarksAFileNowNeverWhatALinkNamesAndLetsAMissingOneBe(@TempDir Path cache) throws IOException {
        Path deb = file(cache, CachePruning.DEBS, SHA + ".deb", 400, 10);
        Instant before = Instant.now().minusSeconds(2);
        CachePruning.used(deb);
        assertThat(Files.getLastModifiedTime(deb).toInstant()).isAfter(before);
        CachePruning.used(cache.resolve("missing")); // no exception

        Path outside = Files.writeString(cache.resolve("outside"), "x");
        Files.setLastModifiedTime(outside, FileTime.fromMillis(0));
        Path link = Files.createSymbolicLink(deb.resolveSibling(SHA2 + ".deb"), outside);
        CachePruning.used(link);
        assertThat(Files.getLastModifiedTime(outside).toMillis()).isZero();
    }

    @Test
    void linksAndLinkedFoldersAreNotFollowed(@TempDir Path tmp) throws IOException {
        Path cache = tmp.resolve("cache");
        Path elsewhere = tmp.resolve("elsewhere");
        Path target = file(elsewhere, "x", SHA + ".deb", 400, 10);
        // a link named as a .deb, to an old file: neither goes
        Path build = cache.resolve(BOOKWORM);
        Files.createDirectories(build.resolve(CachePruning.DEBS));
        Path link = Files.createSymbolicLink(build.resolve(CachePruning.DEBS).resolve(SHA2 + ".deb"), target);
        Files.getFileAttributeView(link, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(NOW.minus(Duration.ofDays(400))), null, null);
        // a folder of copies that is a link to another folder: not pruned
        Path copy = file(elsewhere, "copies", SHA + ".0123abcd.tar", 400, 10);
        Files.createSymbolicLink(build.resolve(CachePruning.DECODED), copy.getParent());
        // a release folder that is a link to a cache elsewhere: not pruned either
        Path otherCache = tmp.resolve("other-cache");
        Path linkedRelease = otherCache.resolve("x86_64").resolve(CachePruning.DEBS).resolve(SHA + ".deb");
        Files.createDirectories(linkedRelease.getParent());
        Files.write(linkedRelease, new byte[10]);
        Files.setLastModifiedTime(linkedRelease, FileTime.from(NOW.minus(Duration.ofDays(400))));
        Files.createSymbolicLink(cache.resolve("debian/trixie"), otherCache);
        // a folder named as a copy
        Path folder = file(cache, CachePruning.RESOLVED, SHA, 400, 0);
        Files.delete(folder);
        Files.createDirectory(folder);
        Files.setLastModifiedTime(folder, FileTime.from(NOW.minus(Duration.ofDays(400))));

        assertThat(CachePruning.prune(cache, cache, Duration.ofDays(30), NOW, NOW).files()).isZero();
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(target).exists();
        assertThat(copy).exists();
        assertThat(linkedRelease).exists();
        assertThat(folder).isDirectory();
    }

    /** A file of {@code size} bytes in {@code cache/folder}, last marked {@code days} before NOW. */
    private static Path file(Path cache, String folder, String name, int days, int size) throws IOException {
        Path f = cache.resolve(BOOKWORM).resolve(folder).resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[size]);
        Files.setLastModifiedTime(f, FileTime.from(NOW.minus(Duration.ofDays(days))));
        return f;
    }
}
