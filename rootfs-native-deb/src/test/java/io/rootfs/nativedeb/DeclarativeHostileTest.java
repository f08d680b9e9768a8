package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootfs.core.tree.GuestPath;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FIXTURE package content written to break out of the tree, loop or exhaust memory: none of it does. */
class DeclarativeHostileTest {
    @Test
    void aTmpfilesLineNamingTheTreesParentLeavesItAlone(@TempDir Path tmp) throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        GuestPath guest = new GuestPath(tree);
        guest.write("usr/lib/tmpfiles.d/evil.conf", "d /.. 0777 root root -\nd /x/../.. 0777 - - -\nd /ok 0750 - - -\n");
        List<Tmpfiles.Made> made = Tmpfiles.create(guest, List.of("evil.conf"));
        assertThat(made).extracting(Tmpfiles.Made::path).containsExactly("ok");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp))).isEqualTo("rwx------");
    }

    @Test
    void filesAreReadInsideTheTreeOnlyAndOnlyRegularOnes(@TempDir Path tmp) throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(tmp.resolve("host-secret"), "/bin/host-secret\n");
        GuestPath guest = new GuestPath(tree);
        Files.createDirectories(tree.resolve("usr/share/debianutils/shells.d"));
        Files.createSymbolicLink(tree.resolve("usr/share/debianutils/shells.d/a"), tmp.resolve("host-secret"));
        Files.createSymbolicLink(tree.resolve("usr/share/debianutils/shells.d/b"), Path.of("../../../../../host-secret"));
        Files.createSymbolicLink(tree.resolve("usr/share/debianutils/shells.d/c"), Path.of("/dev/zero"));
        // links followed as the guest follows them: to the tree's own /tmp/.../host-secret, /host-secret and
        // /dev/zero (none there)
        assertThat(GuestFiles.text(guest, "usr/share/debianutils/shells.d/a")).isEmpty();
        assertThat(GuestFiles.text(guest, "usr/share/debianutils/shells.d/b")).isEmpty();
        assertThat(GuestFiles.text(guest, "usr/share/debianutils/shells.d/c")).isEmpty();
        assertThat(GuestFiles.text(guest, "../host-secret")).isEmpty();
        // "../" stops at the tree's root, as in a chroot: the guest's own file is what is read
        guest.write("host-secret", "/bin/guest-shell\n");
        assertThat(GuestFiles.text(guest, "usr/share/debianutils/shells.d/b")).contains("/bin/guest-shell\n");
    }

    @Test
    void unitsThatNameEachOtherInAlsoEndAndOddNamesAreNotLinked(@TempDir Path tree) throws Exception {
        GuestPath guest = new GuestPath(tree);
        guest.write("lib/systemd/system/a.service", "[Install]\nAlso=b.service\nWantedBy=../../../etc/x\n");
        guest.write("lib/systemd/system/b.service", "[Install]\nAlso=a.service\nWantedBy=multi-user.target\n");
        UnitLinks units = new UnitLinks(guest, Map.of("a.service", "/lib/systemd/system/a.service",
                "b.service", "/lib/systemd/system/b.service"));
        assertThat(units.enable("a.service")).isTrue();
        assertThat(Files.isSymbolicLink(tree.resolve("etc/systemd/system/multi-user.target.wants/b.service"))).isTrue();
        assertThat(tree.resolve("etc/x")).doesNotExist();
    }

    @Test
    void anElfWithSizesThatOverflowIsNoLibraryAndNoCrash(@TempDir Path tmp) throws Exception {
        ByteBuffer elf = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        elf.putShort(16, (short) 3).putShort(18, (short) 62).putLong(32, 64).putShort(54, (short) 56).putShort(56, (short) 1);
        // one PT_DYNAMIC whose file size is negative as a long
        elf.putInt(64, 2).putLong(72, 128).putLong(96, 0x800000007FFFFFF0L);
        Path file = tmp.resolve("libevil.so.1");
        Files.write(file, elf.array());
        assertThat(LdSoCache.Elf.read(file).soname()).isNull();
        // and a negative program header offset
        elf.putLong(32, -8);
        Files.write(file, elf.array());
        assertThat(LdSoCache.Elf.read(file).soname()).isNull();
    }

    @Test
    void includesThatIncludeEachOtherAreReadOnce(@TempDir Path tree) throws Exception {
        GuestPath guest = new GuestPath(tree);
        guest.write("etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\ninclude /etc/[\n");
        for (String n : List.of("a", "b", "c")) {
            guest.write("etc/ld.so.conf.d/" + n + ".conf", "include /etc/ld.so.conf.d/*.conf\n/usr/lib/" + n + "\n");
        }
        assertThat(LdSoCache.write(guest, List.of(), "test")).isZero();
        assertThat(tree.resolve("etc/ld.so.cache")).exists();
    }
}
