package io.rootfs.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rootfs.core.RootfsException;
import io.rootfs.core.tree.TreeEntry.Type;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tree delivered as a tar stream, the way mmdebstrap streams one from a user namespace. */
class TarTreeTest {
    @TempDir
    Path tmp;

    Path guestTar() throws IOException {
        Path tar = tmp.resolve("tree.tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            dir(out, "./", 0755);
            dir(out, "./usr/", 0755);
            dir(out, "./usr/bin/", 0755);
            file(out, "./usr/bin/su", "su", 04755, 0, 0);
            link(out, "./bin", "usr/bin");
            dir(out, "./etc/", 0755);
            file(out, "./etc/shadow", "root:*", 0640, 0, 42);
            dir(out, "./proc/", 0555);
            dir(out, "./dev/", 0755);
            TarArchiveEntry console = new TarArchiveEntry("./dev/console", TarArchiveEntry.LF_CHR);
            console.setMode(0600);
            console.setDevMajor(5);
            console.setDevMinor(1);
            out.putArchiveEntry(console);
            out.closeArchiveEntry();
            TarArchiveEntry hard = new TarArchiveEntry("./usr/bin/su2", TarArchiveEntry.LF_LINK);
            hard.setLinkName("./usr/bin/su");
            out.putArchiveEntry(hard);
            out.closeArchiveEntry();
        }
        return tar;
    }

    @Test
    void aTarNameBecomesTheGuestPathWithoutDotsOrSlashesAtItsEnds() {
        assertThat(TarTree.guestName("./usr/bin/bash", "t")).isEqualTo("usr/bin/bash");
        assertThat(TarTree.guestName("././/etc/", "t")).isEqualTo("etc");
        assertThat(TarTree.guestName("/abs//x", "t")).isEqualTo("abs//x");
        assertThat(TarTree.guestName("./", "t")).isEmpty();
        assertThat(TarTree.guestName(".", "t")).isEmpty();
        assertThat(TarTree.guestName("usr/./lib/", "t")).isEqualTo("usr/./lib");
        assertThatThrownBy(() -> TarTree.guestName("./usr/../../etc/passwd", "pkg")).isInstanceOf(RootfsException.class)
                .hasMessageContaining("pkg has entry ./usr/../../etc/passwd, which leaves the tree");
        assertThatThrownBy(() -> TarTree.guestName("..", "pkg")).isInstanceOf(RootfsException.class);
    }

    @Test
    void withoutRootTheFilesAreTheUsersAndTheManifestKeepsWhatTheGuestSees() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Manifest recorded = TarTree.unpack(guestTar(), tree, false);
        assertThat(tree.resolve("usr/bin/su")).hasContent("su");
        assertThat(Files.readSymbolicLink(tree.resolve("bin"))).isEqualTo(Path.of("usr/bin"));
        assertThat(tree.resolve("dev/console")).doesNotExist(); // no device node without root
        assertThat(Files.isSameFile(tree.resolve("usr/bin/su"), tree.resolve("usr/bin/su2"))).isTrue();
        assertThat(recorded.get("etc/shadow").orElseThrow()).extracting(TreeEntry::uid, TreeEntry::gid, TreeEntry::mode)
                .containsExactly(0, 42, 0640);
        assertThat(recorded.get("usr/bin/su").orElseThrow().mode()).isEqualTo(04755);
        assertThat(recorded.get("dev/console").orElseThrow())
                .extracting(TreeEntry::type, TreeEntry::major, TreeEntry::minor).containsExactly(Type.CHAR_DEVICE, 5, 1);
        assertThat(recorded.get("usr/bin/su2").orElseThrow()).extracting(TreeEntry::type, TreeEntry::target)
                .containsExactly(Type.HARDLINK, "usr/bin/su");
        // the manifest of the tree: the disk's entries with the recorded owners, and the device
        Manifest merged = Manifest.scan(tree).withRecorded(recorded);
        assertThat(merged.get("etc/shadow").orElseThrow().gid()).isEqualTo(42);
        assertThat(merged.get("dev/console")).isPresent();
        assertThat(merged.get("proc").orElseThrow().mode()).isEqualTo(0555);
    }

    @Test
    void asRootOwnersAndDevicesGoOnDiskToo() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "owners and mknod need root");
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        TarTree.unpack(guestTar(), tree, true);
        assertThat(Files.getAttribute(tree.resolve("etc/shadow"), "unix:gid")).isEqualTo(42);
        assertThat(Files.getAttribute(tree.resolve("usr/bin/su"), "unix:mode")).isEqualTo(0104755);
        assertThat(Files.getAttribute(tree.resolve("dev/console"), "unix:rdev", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo((5L << 8) | 1);
        assertThat(Files.getAttribute(tree.resolve("proc"), "unix:mode")).isEqualTo(040555);
    }

    @Test
    void anEntryLeavingTheTreeIsRefused() throws IOException {
        Path tar = tmp.resolve("evil.tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            file(out, "./etc/../../escaped", "x", 0644, 0, 0);
        }
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        assertThatThrownBy(() -> TarTree.unpack(tar, tree, false)).isInstanceOf(RootfsException.class)
                .hasMessageContaining("which leaves the tree");
        assertThat(tmp.resolve("escaped")).doesNotExist();
    }

    private static void dir(TarArchiveOutputStream out, String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(mode);
        out.putArchiveEntry(e);
        out.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream out, String name, String text, int mode, int uid, int gid)
            throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(mode);
        e.setSize(bytes.length);
        e.setUserId(uid);
        e.setGroupId(gid);
        out.putArchiveEntry(e);
        out.write(bytes);
        out.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream out, String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
        e.setLinkName(target);
        out.putArchiveEntry(e);
        out.closeArchiveEntry();
    }
}
