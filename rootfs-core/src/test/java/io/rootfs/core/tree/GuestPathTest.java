package io.rootfs.core.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestPathTest {
    @TempDir
    Path tmp;

    @Test
    void absoluteLinksResolveInsideTheRootfs() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path host = Files.createDirectories(tmp.resolve("host-run"));
        Files.createDirectories(root.resolve("etc"));
        // a guest link that, followed on the host, would point at the host's own folder
        Files.createSymbolicLink(root.resolve("etc/resolv.conf"), host.resolve("resolv.conf"));
        GuestPath guest = new GuestPath(root);
        guest.write("/etc/resolv.conf", "");
        assertThat(host.resolve("resolv.conf")).doesNotExist();
        assertThat(root.resolve("etc/resolv.conf")).isRegularFile().isEmptyFile();
    }

    @Test
    void mergedUsrLinksAreFollowed() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("usr/sbin"));
        Files.createSymbolicLink(root.resolve("sbin"), Path.of("usr/sbin"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("/usr/lib"));
        GuestPath guest = new GuestPath(root);
        assertThat(guest.parentResolved("/sbin/init")).isEqualTo(root.resolve("usr/sbin/init"));
        assertThat(guest.resolve("/lib/modules")).isEqualTo(root.resolve("usr/lib/modules"));
    }

    @Test
    void dotDotStopsAtTheRoot() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("a"));
        Files.createSymbolicLink(root.resolve("a/up"), Path.of("../../../../etc"));
        GuestPath guest = new GuestPath(root);
        assertThat(guest.resolve("/a/up/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(guest.resolve("/../../x")).isEqualTo(root.resolve("x"));
    }

    @Test
    void copyTreeKeepsLinksAndModesAndMergesFolders() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/keep"), "kept");
        Path src = Files.createDirectories(tmp.resolve("overlay/etc"));
        Files.writeString(src.resolve("motd"), "hello");
        Files.createSymbolicLink(src.resolve("link"), Path.of("/etc/motd"));
        new GuestWriter(new GuestPath(root), "test").copyTree(tmp.resolve("overlay"), "/");
        assertThat(root.resolve("etc/keep")).hasContent("kept");
        assertThat(root.resolve("etc/motd")).hasContent("hello");
        assertThat(Files.readSymbolicLink(root.resolve("etc/link"))).isEqualTo(Path.of("/etc/motd"));
    }
    @Test
    void aRememberingGuestPathResolvesAsAPlainOneWhileItsWriterChangesTheTree() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("usr/lib/x"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createDirectories(root.resolve("elsewhere/x"));
        GuestPath remembering = GuestPath.remembering(root);
        GuestPath plain = new GuestPath(root);
        GuestWriter writer = new GuestWriter(remembering, "the test");
        // remembered through the link, and from a remembered folder on
        assertThat(remembering.parentResolved("lib/x/a")).isEqualTo(root.resolve("usr/lib/x/a"));
        assertThat(remembering.parentResolved("lib/x/y/b")).isEqualTo(plain.parentResolved("lib/x/y/b"));
        // a name resolved before it stood (not remembered), then made a link by the writer: followed
        assertThat(remembering.parentResolved("new/a")).isEqualTo(root.resolve("new/a"));
        writer.symlink("new", "elsewhere");
        assertThat(remembering.parentResolved("new/x/a")).isEqualTo(root.resolve("elsewhere/x/a"));
        // a link the walk went through, replaced by the writer: the folders behind it are resolved anew
        writer.symlink("lib", "elsewhere");
        assertThat(remembering.parentResolved("lib/x/a")).isEqualTo(root.resolve("elsewhere/x/a"))
                .isEqualTo(plain.parentResolved("lib/x/a"));
        // a remembered folder the writer replaced by a link (an empty one, as tar replaces it)
        Files.createDirectories(root.resolve("usr/lib/empty"));
        assertThat(remembering.resolve("usr/lib/empty")).isEqualTo(root.resolve("usr/lib/empty"));
        writer.symlink("usr/lib/empty", "/elsewhere");
        assertThat(remembering.parentResolved("usr/lib/empty/x/a")).isEqualTo(root.resolve("elsewhere/x/a"));
        // what a writer makes as a folder over a dangling link is a folder again
        writer.symlink("dangling", "nowhere");
        assertThat(writer.directory("dangling")).isEqualTo(root.resolve("dangling"));
        assertThat(remembering.parentResolved("dangling/a")).isEqualTo(root.resolve("dangling/a"));
    }

    @Test
    void aRememberedWalkNeverPassedAMissingNameAndCountsItsLinks() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("real"));
        Files.createDirectories(root.resolve("sub/real"));
        Files.createSymbolicLink(root.resolve("a"), Path.of("ghost/../real"));
        GuestPath remembering = GuestPath.remembering(root);
        GuestWriter writer = new GuestWriter(remembering, "the test");
        assertThat(remembering.parentResolved("a/f1")).isEqualTo(root.resolve("real/f1"));
        // a link made where nothing stood: the way through "ghost" now leads elsewhere
        writer.symlink("ghost", "sub/real");
        assertThat(remembering.parentResolved("a/f2")).isEqualTo(new GuestPath(root).parentResolved("a/f2"))
                .isEqualTo(root.resolve("sub/real/f2"));

        // 30 links to a folder, 30 more inside it: past the limit of 40, remembered or not
        Files.createDirectories(root.resolve("d/e"));
        for (int i = 0; i < 30; i++) {
            Files.createSymbolicLink(root.resolve("p" + i), Path.of(i == 29 ? "d" : "p" + (i + 1)));
            Files.createSymbolicLink(root.resolve("d/q" + i), Path.of(i == 29 ? "e" : "q" + (i + 1)));
        }
        assertThat(remembering.parentResolved("p0/x")).isEqualTo(root.resolve("d/x"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GuestPath(root).parentResolved("p0/q0/y"))
                .hasMessageContaining("Too many symbolic links");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> remembering.parentResolved("p0/q0/y"))
                .hasMessageContaining("Too many symbolic links resolving p0/q0");
    }
}
