package io.rootfs.core.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rootfs.core.tree.TreeEntry.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    @TempDir
    Path tmp;

    Path tree() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("tree"));
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("usr/bin/su"), "su");
        Files.setAttribute(root.resolve("usr/bin/su"), "unix:mode", 04755);
        Files.createLink(root.resolve("usr/bin/su-again"), root.resolve("usr/bin/su"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Files.createDirectories(root.resolve("tmp"));
        Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
        Files.setLastModifiedTime(root.resolve("usr/bin/su"), FileTime.fromMillis(1767225600000L));
        return root;
    }

    @Test
    void scanReadsTypesModesLinksAndHardLinksInByteOrder() throws IOException {
        Manifest m = Manifest.scan(tree());
        assertThat(m.entries()).extracting(TreeEntry::path)
                .containsExactly("", "bin", "tmp", "usr", "usr/bin", "usr/bin/su", "usr/bin/su-again");
        TreeEntry su = m.get("usr/bin/su").orElseThrow();
        assertThat(su.type()).isEqualTo(Type.FILE);
        assertThat(su.mode()).isEqualTo(04755);
        assertThat(su.size()).isEqualTo(2);
        assertThat(su.mtime()).isEqualTo(1767225600L);
        assertThat(m.get("usr/bin/su-again").orElseThrow()).extracting(TreeEntry::type, TreeEntry::target)
                .containsExactly(Type.HARDLINK, "usr/bin/su");
        assertThat(m.get("bin").orElseThrow()).extracting(TreeEntry::type, TreeEntry::target)
                .containsExactly(Type.SYMLINK, "usr/bin");
        assertThat(m.get("tmp").orElseThrow().mode()).isEqualTo(01777);
    }

    @Test
    void devicesAreReadWithTheirNumbers() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        Path root = tree();
        Process p = new ProcessBuilder("mknod", "-m", "666", root.resolve("null").toString(), "c", "1", "3").start();
        assertThat(p.waitFor()).isZero();
        assertThat(Manifest.scan(root).get("null").orElseThrow())
                .extracting(TreeEntry::type, TreeEntry::major, TreeEntry::minor, TreeEntry::mode)
                .containsExactly(Type.CHAR_DEVICE, 1, 3, 0666);
    }

    @Test
    void whatTheBuilderRecordedWinsOverTheDisk() throws IOException {
        Manifest onDisk = Manifest.scan(tree());
        Manifest recorded = Manifest.of(List.of(
                new TreeEntry("usr/bin/su", Type.FILE, 04755, 0, 0, 0, 0, "", 0, 2),
                new TreeEntry("tmp", Type.DIRECTORY, 01777, 0, 0, 0, 0, "", 0, 0),
                new TreeEntry("dev/console", Type.CHAR_DEVICE, 0600, 0, 5, 5, 1, "", 0, 0),
                // replaced by a later step with a link: the record no longer applies
                new TreeEntry("bin", Type.DIRECTORY, 0755, 0, 0, 0, 0, "", 0, 0),
                // removed by a later step: gone
                new TreeEntry("etc/gone", Type.FILE, 0644, 0, 0, 0, 0, "", 0, 1)));
        Manifest merged = onDisk.withRecorded(recorded);
        assertThat(merged.get("usr/bin/su").orElseThrow()).extracting(TreeEntry::uid, TreeEntry::gid)
                .containsExactly(0, 0);
        assertThat(merged.get("dev/console").orElseThrow().isDevice()).isTrue();
        assertThat(merged.get("bin").orElseThrow().type()).isEqualTo(Type.SYMLINK);
        assertThat(merged.get("etc/gone")).isEmpty();
    }

    @Test
    void theBuildUsersFilesAreRootsInTheGuestOthersKeepTheirOwners() {
        Manifest m = Manifest.of(List.of(
                new TreeEntry("usr/bin/kata-agent", Type.FILE, 0755, 1001, 1001, 0, 0, "", 0, 1),
                new TreeEntry("etc/shadow", Type.FILE, 0640, 1001, 42, 0, 0, "", 0, 1),
                new TreeEntry("var/lib/chrony", Type.DIRECTORY, 0750, 100, 101, 0, 0, "", 0, 0)));
        Manifest root = m.withOwnerAsRoot(1001, 1001);
        assertThat(root.entries()).extracting(TreeEntry::uid, TreeEntry::gid, TreeEntry::mode).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(0, 0, 0755), org.assertj.core.groups.Tuple.tuple(0, 42, 0640),
                org.assertj.core.groups.Tuple.tuple(100, 101, 0750));
    }

    @Test
    void writesAndReadsBackEveryField() throws IOException {
        Manifest m = Manifest.of(List.of(
                new TreeEntry("", Type.DIRECTORY, 0755, 0, 0, 0, 0, "", 1, 0),
                new TreeEntry("odd name\twith\\tab\nand newline", Type.FILE, 04711, 7, 8, 0, 0, "", 2, 42),
                new TreeEntry("dev/sda", Type.BLOCK_DEVICE, 0660, 0, 6, 8, 0, "", 3, 0),
                new TreeEntry("link", Type.SYMLINK, 0777, 0, 0, 0, 0, "/target with space", 4, 0)));
        Path file = tmp.resolve("manifest");
        m.write(file);
        assertThat(Manifest.read(file).entries()).isEqualTo(m.entries());
    }
}
