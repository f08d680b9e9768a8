package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database of FIXTURE packages (hand-written control fields); the real set is DebRepositoryTest's. */
class DpkgDatabaseTest {

    private static Map<String, String> control(String name, String multiArch) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("Package", name);
        c.put("Version", "1.0-1");
        c.put("Architecture", "amd64");
        if (multiArch != null) {
            c.put("Multi-Arch", multiArch);
        }
        c.put("Maintainer", "FIXTURE <fixture@rootfs.invalid>");
        c.put("Description", "short\nlong text\n.\nmore");
        c.put("Homepage", "https://rootfs.invalid");
        c.put("Priority", "optional");
        return c;
    }

    @Test
    void statusInDpkgsOrderWithConffilesAndInfoFiles(@TempDir Path tree) throws Exception {
        Files.createDirectories(tree.resolve("etc"));
        Files.writeString(tree.resolve("etc/b.conf"), "x\n");
        Map<String, byte[]> files = Map.of("conffiles", "/etc/b.conf\n".getBytes(StandardCharsets.UTF_8),
                "postinst", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), "control", new byte[0]);
        DpkgDatabase.write(tree, List.of(new DpkgDatabase.Installed(control("zlib", "same"), Map.of(), List.of("/usr")),
                new DpkgDatabase.Installed(control("b", null), files, List.of("/etc", "/etc/b.conf"))), "amd64");
        Path dpkg = tree.resolve("var/lib/dpkg");
        assertThat(Files.readString(dpkg.resolve("status"))).isEqualTo("""
                Package: b
                Status: install ok installed
                Priority: optional
                Maintainer: FIXTURE <fixture@rootfs.invalid>
                Architecture: amd64
                Version: 1.0-1
                Conffiles:
                 /etc/b.conf 401b30e3b8b5d629635a5c613cdb7919
                Description: short
                 long text
                 .
                 more
                Homepage: https://rootfs.invalid

                Package: zlib
                Status: install ok installed
                Priority: optional
                Maintainer: FIXTURE <fixture@rootfs.invalid>
                Architecture: amd64
                Multi-Arch: same
                Version: 1.0-1
                Description: short
                 long text
                 .
                 more
                Homepage: https://rootfs.invalid

                """);
        assertThat(dpkg.resolve("info/b.list")).hasContent("/.\n/etc\n/etc/b.conf");
        assertThat(dpkg.resolve("info/zlib:amd64.list")).exists();
        assertThat(Files.getPosixFilePermissions(dpkg.resolve("info/b.postinst")))
                .contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
        assertThat(dpkg.resolve("info/b.control")).doesNotExist();
        assertThat(dpkg.resolve("arch")).hasContent("amd64");
    }

    @Test
    void aPackageNameThatIsNoFileNameIsRefused() {
        assertThatThrownBy(() -> new DpkgDatabase.Installed(control("../../etc/x", null), Map.of(), List.of()))
                .hasMessageContaining("not a Debian package name");
    }

    @Test
    void triggerInterestsAreRecordedAsDpkgDoesWhenItUnpacks(@TempDir Path tree) throws Exception {
        // "Lock" would be dpkg's own file in triggers/: not taken as a trigger name
        Map<String, byte[]> libc = Map.of("triggers", "# comment\ninterest-noawait ldconfig\ninterest Lock\n"
                .getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> systemd = Map.of("triggers", ("interest-noawait /usr/lib/systemd/catalog\n"
                + "interest /usr/lib/binfmt.d\nactivate-noawait ldconfig\n").getBytes(StandardCharsets.UTF_8));
        DpkgDatabase.write(tree, List.of(new DpkgDatabase.Installed(control("libc-bin", "same"), libc, List.of()),
                new DpkgDatabase.Installed(control("systemd", null), systemd, List.of())), "amd64", DpkgDatabase.UNPACKED);
        Path triggers = tree.resolve("var/lib/dpkg/triggers");
        assertThat(triggers.resolve("File")).hasContent("/usr/lib/systemd/catalog systemd/noawait\n/usr/lib/binfmt.d systemd");
        assertThat(triggers.resolve("ldconfig")).hasContent("libc-bin:amd64/noawait");
        assertThat(triggers.resolve("Lock")).isEmptyFile();
        assertThat(Files.readString(tree.resolve("var/lib/dpkg/status"))).contains("Status: install ok unpacked\n");
        assertThat(Files.getPosixFilePermissions(tree.resolve("var/lib/dpkg/lock")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    }

    @Test
    void packagesAddedAfterTheFirstRoundFollowDpkgsEntriesUnpackedWithTheInterestsOfAll(@TempDir Path tree) throws Exception {
        Map<String, byte[]> libc = Map.of("triggers", "interest-noawait ldconfig\n".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> systemd = Map.of("triggers", "interest-noawait /usr/lib/systemd/catalog\n"
                .getBytes(StandardCharsets.UTF_8), "postinst", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        DpkgDatabase.Installed first = new DpkgDatabase.Installed(control("libc-bin", null), libc, List.of("/usr"));
        DpkgDatabase.Installed later = new DpkgDatabase.Installed(control("systemd", null), systemd, List.of("/lib"));
        DpkgDatabase.write(tree, List.of(first), "amd64", DpkgDatabase.UNPACKED);
        Path status = tree.resolve("var/lib/dpkg/status");
        // as dpkg leaves it after configuring the first round
        String configured = Files.readString(status).replace("install ok unpacked", "install ok installed");
        Files.writeString(status, configured);

        DpkgDatabase.add(tree, List.of(later), List.of(first, later));

        assertThat(Files.readString(status)).startsWith(configured).contains("Package: systemd\nStatus: install ok unpacked\n")
                .endsWith("\n\n");
        assertThat(Files.readString(status).split("\n\n")).hasSize(2);
        assertThat(tree.resolve("var/lib/dpkg/info/systemd.list")).hasContent("/.\n/lib");
        assertThat(tree.resolve("var/lib/dpkg/info/systemd.postinst")).exists();
        Path triggers = tree.resolve("var/lib/dpkg/triggers");
        assertThat(triggers.resolve("File")).hasContent("/usr/lib/systemd/catalog systemd/noawait");
        assertThat(triggers.resolve("ldconfig")).hasContent("libc-bin/noawait");
    }
}
