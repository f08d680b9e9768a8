package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.core.RootfsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile FIXTURE packages (.debs written here, ar and tar by hand): the unpack keeps every entry
 * inside the tree, as the safety rules for tar streams require.
 */
class DebUnpackerTest {
    @TempDir
    Path tmp;

    /** A tar entry: name, type ('0' file, '2' symlink, '1' hard link, '5' folder), link target or content. */
    private record E(String name, char type, String value) {
    }

    /** Every FIXTURE entry's time (seconds). */
    private static final long MTIME = 1_600_000_000L;

    private Path deb(E... data) throws IOException {
        ByteArrayOutputStream control = tar(List.of(new E("./control", '0', "Package: evil\nVersion: 1\nArchitecture: all\n")));
        ByteArrayOutputStream files = tar(List.of(data));
        ByteArrayOutputStream ar = new ByteArrayOutputStream();
        ar.write("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
        member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
        member(ar, "control.tar", control.toByteArray());
        member(ar, "data.tar", files.toByteArray());
        Path deb = tmp.resolve("evil.deb");
        Files.write(deb, ar.toByteArray());
        return deb;
    }

    private static void member(ByteArrayOutputStream ar, String name, byte[] content) throws IOException {
        String header = String.format("%-16s%-12s%-6s%-6s%-8s%-10s`\n", name, "0", "0", "0", "100644", content.length);
        ar.write(header.getBytes(StandardCharsets.US_ASCII));
        ar.write(content);
        if (content.length % 2 == 1) {
            ar.write('\n');
        }
    }

    private static ByteArrayOutputStream tar(List<E> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (E e : entries) {
                TarArchiveEntry t = new TarArchiveEntry(e.name(), (byte) e.type());
                t.setModTime(MTIME * 1000);
                if (e.type() == '0') {
                    byte[] bytes = e.value().getBytes(StandardCharsets.UTF_8);
                    t.setSize(bytes.length);
                    tar.putArchiveEntry(t);
                    tar.write(bytes);
                } else {
                    if (e.type() != '5') {
                        t.setLinkName(e.value());
                    } else if (!e.value().isEmpty()) {
                        t.setMode(040000 | Integer.parseInt(e.value(), 8)); // a folder's value: its mode
                    }
                    tar.putArchiveEntry(t);
                }
                tar.closeArchiveEntry();
            }
        }
        return out;
    }

    private void unpack(Path deb) throws IOException {
        DebUnpacker u = new DebUnpacker(tmp.resolve("tree"), List.of(), false);
        u.unpack("evil", DebArchive.open(deb));
    }

    @Test
    void dotDotIsRefused() throws IOException {
        Path deb = deb(new E("./../outside", '0', "x"));
        assertThatThrownBy(() -> unpack(deb)).isInstanceOf(RootfsException.class).hasMessageContaining("Package evil");
        assertThat(tmp.resolve("outside")).doesNotExist();
    }

    @Test
    void absolutePathsLandInsideTheTree() throws IOException {
        unpack(deb(new E("/etc/absolute", '0', "inside")));
        assertThat(tmp.resolve("tree/etc/absolute")).hasContent("inside");
    }

    @Test
    void aFileIsNeverWrittenThroughALinkThatLeavesTheTree() throws IOException {
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        // an absolute link is read inside the guest: the write lands in the tree's own /victim
        unpack(deb(new E("./etc", '5', ""), new E("./etc/escape", '2', victim.toString()),
                new E("./etc/escape/file", '0', "no")));
        assertThat(victim.resolve("file")).doesNotExist();
        assertThat(Files.readString(tmp.resolve("tree").resolve(victim.toString().substring(1)).resolve("file")))
                .isEqualTo("no");
    }

    @Test
    void aRelativeLinkUpwardsStaysInsideTheTreeToo() throws IOException {
        unpack(deb(new E("./up", '2', "../../../../.."), new E("./up/tmp-file", '0', "no")));
        assertThat(tmp.resolve("tree/tmp-file")).hasContent("no");
        assertThat(Files.isSymbolicLink(tmp.resolve("tree/up"))).isTrue();
    }

    @Test
    void aHardLinkToAFileOutsideTheTreeIsRefused() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret"), "host");
        Path deb = deb(new E("./stolen", '1', secret.toString()));
        assertThatThrownBy(() -> unpack(deb)).isInstanceOf(RootfsException.class).hasMessageContaining("hard link");
        assertThat(Files.exists(tmp.resolve("tree/stolen"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void packagesUnpackedIntoAStageLandOnTheTreeAsIfUnpackedThereAfterWhatChangedIt() throws IOException {
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Path tree = tmp.resolve("tree");
        DebUnpacker u = new DebUnpacker(tree, List.of(), false);
        u.unpack("first", DebArchive.open(deb(new E("./etc/", '5', ""), new E("./usr/share/doc/a/", '5', ""),
                new E("./usr/share/doc/a/file", '0', "old"), new E("./var/", '5', ""), new E("./run/", '5', "0710"))));
        // what the first package's scripts might do meanwhile: links, one of them leading out of the tree
        Files.createSymbolicLink(tree.resolve("var/run"), Path.of("/run"));
        Files.createSymbolicLink(tree.resolve("opt"), victim);
        Files.createSymbolicLink(tree.resolve("up"), Path.of("../../../.."));
        u.stage(tmp.resolve("stage"));
        u.unpack("second", DebArchive.open(deb(new E("./var/run/", '5', "0755"), new E("./var/run/x", '0', "through"),
                new E("./etc/new", '0', "new"), new E("./usr/share/doc/a/file", '0', "replaced"),
                new E("./usr/share/doc/b/", '5', ""), new E("./usr/share/doc/b/file", '0', "moved"),
                new E("./opt/", '5', ""), new E("./opt/f", '0', "no"), new E("./up/", '5', ""),
                new E("./up/g", '0', "inside"))));
        assertThat(tree.resolve("etc/new")).doesNotExist(); // not in the tree before the merge

        u.mergeStage();
        var manifest = u.finish();

        assertThat(Files.isSymbolicLink(tree.resolve("var/run"))).as("the tree's link kept").isTrue();
        assertThat(tree.resolve("run/x")).hasContent("through");
        assertThat(tree.resolve("etc/new")).hasContent("new");
        assertThat(tree.resolve("usr/share/doc/a/file")).hasContent("replaced");
        assertThat(tree.resolve("usr/share/doc/b/file")).hasContent("moved");
        // a link to nothing in the guest (the host's folder is not the guest's) gives way to the package's folder
        assertThat(victim).isEmptyDirectory();
        assertThat(tree.resolve("opt/f")).hasContent("no");
        // a link upwards resolves inside the tree, as the guest reads it
        assertThat(tree.resolve("g")).hasContent("inside");
        assertThat(tmp.resolve("g")).doesNotExist();
        assertThat(tmp.resolve("stage")).doesNotExist();
        // recorded where the entries are now; dpkg's list names them as the package does
        assertThat(manifest.entries().stream().map(io.rootfs.core.tree.TreeEntry::path))
                .contains("run/x", "etc/new", "usr/share/doc/b/file", "opt/f", "g").doesNotContain("var/run/x", "up/g");
        assertThat(u.lists().get("second")).contains("/var/run/x");
        // the folder the tree had keeps its record (owner and mode), as dpkg leaves an existing folder
        assertThat(manifest.get("run")).hasValueSatisfying(run -> assertThat(run.mode()).isEqualTo(0710));
    }

    @Test
    void aStagedFileWhereTheTreeHasAFolderIsRefused() throws IOException {
        Path tree = tmp.resolve("tree");
        DebUnpacker u = new DebUnpacker(tree, List.of(), false);
        u.unpack("first", DebArchive.open(deb(new E("./etc/", '5', ""))));
        Files.createDirectories(tree.resolve("etc/made-by-a-script"));
        u.stage(tmp.resolve("stage"));
        u.unpack("second", DebArchive.open(deb(new E("./etc/made-by-a-script", '0', "file"))));
        assertThatThrownBy(u::mergeStage).isInstanceOf(RootfsException.class)
                .hasMessageContaining("/etc/made-by-a-script").hasMessageContaining("folder");
        assertThat(tree.resolve("etc/made-by-a-script")).isDirectory();
    }

    @Test
    void aFolderReplacedByALinkInTheSamePackageNeverHasItsModeSetThroughTheLink() throws IOException {
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.setPosixFilePermissions(victim, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        unpack(deb(new E("./x/", '5', ""), new E("./x", '2', victim.toString())));
        assertThat(Files.getPosixFilePermissions(victim))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.isSymbolicLink(tmp.resolve("tree/x"))).isTrue();
    }

    @Test
    void entriesGetTheirTimesAsDpkgSetsThemAndALinksTargetIsNotTouched() throws IOException {
        Path outside = Files.writeString(tmp.resolve("host-file"), "the host's");
        java.nio.file.attribute.FileTime hostTime = java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(outside, hostTime);
        unpack(deb(new E("./a", '0', "content"), new E("./h", '1', "./a"), new E("./l", '2', "a"),
                new E("./out", '2', outside.toString())));
        java.nio.file.attribute.FileTime time = java.nio.file.attribute.FileTime.fromMillis(MTIME * 1000);
        for (String name : List.of("a", "h", "l", "out")) {
            java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(tmp.resolve("tree/" + name),
                    java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            assertThat(a.lastModifiedTime()).as(name).isEqualTo(time);
            assertThat(a.lastAccessTime()).as(name).isEqualTo(time);
        }
        assertThat(Files.getLastModifiedTime(outside)).isEqualTo(hostTime);
    }

    @Test
    void theFirstPackageIsReadyWhileTheNextIsStillBeingDownloaded() throws Exception {
        Path first = deb(new E("./a", '0', "first"));
        java.util.concurrent.CompletableFuture<Path> second = new java.util.concurrent.CompletableFuture<>();
        java.util.function.IntFunction<Path> downloads = i -> i == 0 ? first : second.join();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            try (DecodeAhead ahead = new DecodeAhead(downloads, List.of(1L, 1L), 2, 1 << 20)) {
                DecodeAhead.Prepared ready = ahead.next(0); // the second's download has not ended
                assertThat(ready.control().get("Package")).isEqualTo("evil");
                assertThat(ready.data().readAllBytes()).isNotEmpty();
                second.complete(first);
                assertThat(ahead.next(1).control().get("Package")).isEqualTo("evil");
            }
        });
    }

    @Test
    void decodedDataIsReadWholeAndItsChunksServeTheNextPackageOnlyOnceItIsClosed() throws IOException {
        byte[] data = new byte[3 * DecodeAhead.CHUNK + 5];
        new java.util.Random(7).nextBytes(data);
        java.util.Queue<byte[]> pool = new java.util.ArrayDeque<>();
        java.io.InputStream first = DecodeAhead.readAll(new java.io.ByteArrayInputStream(data), 1 << 30, "a.deb", pool, 8);
        assertThat(pool).isEmpty();
        assertThat(first.readAllBytes()).isEqualTo(data);
        first.close();
        assertThat(pool).hasSize(4);
        // the next package's data is written into the same chunks, and the first can no longer be read
        byte[] other = new byte[DecodeAhead.CHUNK];
        java.util.Arrays.fill(other, (byte) 1);
        java.io.InputStream second = DecodeAhead.readAll(new java.io.ByteArrayInputStream(other), 1 << 30, "b.deb", pool, 8);
        assertThatThrownBy(first::read).isInstanceOf(IOException.class);
        assertThat(second.readAllBytes()).isEqualTo(other);
        assertThat(pool).hasSize(2); // two taken: one filled, one that found the end
        second.close();
        assertThat(pool).hasSize(4);
    }

    @Test
    void aPackageFarLargerThanItsInstalledSizeIsRefusedWhenDecodedAhead() {
        java.io.InputStream big = new java.io.ByteArrayInputStream(new byte[3 << 20]);
        assertThatThrownBy(() -> DecodeAhead.readAll(big, 1 << 20, "evil.deb")).isInstanceOf(RootfsException.class)
                .hasMessageContaining("evil.deb: its data unpacks to more than 1 MiB");
    }
    /** The .deb's data.tar as it decodes. */
    private static byte[] decoded(Path deb) throws IOException {
        try (java.io.InputStream in = DebArchive.open(deb).data()) {
            return in.readAllBytes();
        }
    }

    /** Other content of the same length: one bit of a tar header's padding flipped. */
    private static byte[] oneByteOff(byte[] data) {
        byte[] other = data.clone();
        other[600] ^= 1;
        return other;
    }

    private static byte[] readThrough(Path deb, String sha, DecodedCache cache) throws IOException {
        try (DecodeAhead ahead = new DecodeAhead(i -> deb, List.of(1L), 1, 1 << 20, i -> sha, cache)) {
            return ahead.next(0).data().readAllBytes();
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static String crcName(String sha, byte[] content) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(content);
        return sha + "." + java.util.HexFormat.of().toHexDigits((int) crc.getValue()) + ".tar";
    }

    @Test
    void decodedDataIsKeptForTheNextBuildReadFromThereAndDecodedAgainWhenTheCopyIsDamaged() throws IOException {
        Path deb = deb(new E("./a", '0', "first"));
        byte[] data = decoded(deb);
        String sha = "ab".repeat(32);
        Path folder = tmp.resolve("decoded");
        assertThat(readThrough(deb, sha, DecodedCache.in(folder))).isEqualTo(data);
        assertThat(names(folder)).containsExactly(crcName(sha, data));
        Path copy = folder.resolve(crcName(sha, data));
        assertThat(Files.readAllBytes(copy)).isEqualTo(data);
        assertThat(Files.getPosixFilePermissions(copy)).doesNotContain(
                java.nio.file.attribute.PosixFilePermission.GROUP_WRITE,
                java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);

        // the next build reads the copy, not the .deb: given a copy of other content (its CRC right), it gets that
        byte[] other = oneByteOff(data);
        Files.delete(copy);
        Path otherCopy = Files.write(folder.resolve(crcName(sha, other)), other);
        java.time.Instant longAgo = java.time.Instant.parse("2020-01-01T00:00:00Z");
        Files.setLastModifiedTime(otherCopy, java.nio.file.attribute.FileTime.from(longAgo));
        assertThat(readThrough(deb, sha, DecodedCache.in(folder))).isEqualTo(other);
        // and marks it used, so a build pruning the cache keeps it
        assertThat(Files.getLastModifiedTime(otherCopy).toInstant()).isAfter(java.time.Instant.now().minusSeconds(60));

        // a copy whose content does not match the CRC its name gives: the .deb is decoded again, a sound copy kept
        Files.move(folder.resolve(crcName(sha, other)), folder.resolve(crcName(sha, data)));
        Files.write(folder.resolve(crcName(sha, data)), other);
        assertThat(readThrough(deb, sha, DecodedCache.in(folder))).isEqualTo(data);
        assertThat(names(folder)).containsExactly(crcName(sha, data));
        assertThat(Files.readAllBytes(copy)).isEqualTo(data);
    }

    @Test
    void aCopyGoneAfterTheFolderWasListedIsKeptAgainAndALostDebIsNamed() throws IOException {
        Path deb = deb(new E("./a", '0', "first"));
        byte[] data = decoded(deb);
        String sha = "cd".repeat(32);
        Path folder = tmp.resolve("decoded-gone");
        assertThat(readThrough(deb, sha, DecodedCache.in(folder))).isEqualTo(data);
        DecodedCache listed = DecodedCache.in(folder);
        Files.delete(folder.resolve(crcName(sha, data))); // pruned, say, after this build listed the folder
        assertThat(readThrough(deb, sha, listed)).isEqualTo(data);
        assertThat(names(folder)).containsExactly(crcName(sha, data));

        Path lost = tmp.resolve("lost.deb");
        assertThatThrownBy(() -> readThrough(lost, sha, DecodedCache.none()))
                .isInstanceOf(io.rootfs.core.RootfsException.class)
                .hasMessage("The package cache lost " + lost + " while this build ran: something deleted it meanwhile."
                        + " Build again: it is fetched anew.");
    }

    @Test
    void aKeptCopyOthersMayWriteALinkAFifoOrAHugeOneIsNotReadButReplaced() throws Exception {
        Path deb = deb(new E("./a", '0', "first"));
        byte[] data = decoded(deb);
        byte[] other = oneByteOff(data);
        String sha = "cd".repeat(32);
        byte[] huge = java.util.Arrays.copyOf(data, 17 << 20);
        Path elsewhere = Files.write(tmp.resolve("elsewhere"), other);
        int n = 0;
        for (String kind : List.of("others may write it", "a link", "a FIFO", "far larger than its package")) {
            Path folder = Files.createDirectories(tmp.resolve("decoded-" + n++));
            switch (kind) {
                case "others may write it" -> Files.setPosixFilePermissions(Files.write(folder.resolve(crcName(sha, other)),
                        other), java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
                case "a link" -> Files.createSymbolicLink(folder.resolve(crcName(sha, other)), elsewhere);
                case "a FIFO" -> assertThat(new ProcessBuilder("mkfifo", folder.resolve(crcName(sha, other)).toString())
                        .inheritIO().start().waitFor()).isZero();
                default -> Files.write(folder.resolve(crcName(sha, huge)), huge);
            }
            // (a FIFO opened would wait for a writer for ever)
            byte[] read = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                    () -> readThrough(deb, sha, DecodedCache.in(folder)));
            assertThat(read).as(kind).isEqualTo(data);
            // a copy of this build's is kept beside it (or in its place), and read by the next build
            assertThat(names(folder)).as(kind).contains(crcName(sha, data));
        }
    }

    @Test
    void aCacheFolderAnotherUserOwnsOrCouldReplaceIsNotUsed() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "gives a folder to another user");
        Path deb = deb(new E("./a", '0', "first"));
        byte[] data = decoded(deb);
        byte[] other = oneByteOff(data);
        String sha = "ef".repeat(32);
        // another user's folder, nobody else may write it, its copy right by its CRC: not this build's
        Path theirs = Files.createDirectories(tmp.resolve("theirs/decoded"));
        Files.write(theirs.resolve(crcName(sha, other)), other);
        Files.setAttribute(theirs.resolve(crcName(sha, other)), "unix:uid", 65534);
        Files.setAttribute(theirs, "unix:uid", 65534);
        assertThat(readThrough(deb, sha, DecodedCache.in(theirs))).isEqualTo(data);
        assertThat(names(theirs)).containsExactly(crcName(sha, other));
        assertThat(DecodedCache.in(theirs).whyNotUsed()).contains(theirs + " or a folder above it is another user's");
        assertThat(DecodedCache.in(tmp.resolve("mine")).whyNotUsed()).isEmpty();
        // this build's folder, in a folder another user may write (and so replace it with one of theirs)
        Path open = Files.createDirectories(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path below = Files.createDirectories(open.resolve("decoded"));
        Files.write(below.resolve(crcName(sha, other)), other);
        assertThat(readThrough(deb, sha, DecodedCache.in(below))).isEqualTo(data);
        // made sticky, as /tmp is, the folder above can no longer be replaced: the copy is taken
        Files.setAttribute(open, "unix:mode", 01777);
        assertThat(readThrough(deb, sha, DecodedCache.in(below))).isEqualTo(other);
        // a folder the build's own user made but others may write
        Path writable = Files.createDirectories(tmp.resolve("writable"));
        Files.setPosixFilePermissions(writable, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(readThrough(deb, sha, DecodedCache.in(writable))).isEqualTo(data);
        assertThat(names(writable)).isEmpty();
    }
}
