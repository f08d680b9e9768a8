package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rootfs.testkit.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chroot the maintainer scripts run in, with a FIXTURE guest: this Debian machine's dash as its
 * shell (busybox's would run its own dpkg applet), busybox as the other tools, a {@code dpkg} and an
 * {@code ldconfig} that only say that they ran, and one package with a preinst.
 */
class MaintainerScriptsTest {
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final Path DASH = Path.of("/usr/bin/dash");
    /** What dash needs of the host, an x86_64 Debian machine. */
    private static final List<String> DASH_LIBS = List.of("lib/x86_64-linux-gnu/libc.so.6", "lib64/ld-linux-x86-64.so.2");

    @Test
    void theScriptsSeeAChrootAsUnderMmdebstrap(@TempDir Path tmp) throws Exception {
        assumeFixtureGuestCanRun("the chroot as root (test-unprivileged covers the user namespace)");
        Path tree = fixtureGuest(tmp.resolve("tree"));
        // what Debian's ischroot compares: / against the root of the namespace's first process;
        // were they the same, libc6's postinst would take the guest for a booted system (telinit u; sleep 1)
        script(tree, "var/lib/dpkg/info/fixture.preinst", """
                #!/bin/sh
                if [ "$(stat -Lc %d:%i /proc/1/root)" = "$(stat -c %d:%i /)" ]; then seen=booted; else seen=chroot; fi
                echo "$seen $1 $DPKG_MAINTSCRIPT_PACKAGE $DPKG_MAINTSCRIPT_NAME $DPKG_MAINTSCRIPT_ARCH" > /seen
                /usr/sbin/policy-rc.d || echo "policy-rc.d says $?" > /policy
                """);
        DpkgDatabase.Installed fixture = new DpkgDatabase.Installed(Map.of("Package", "fixture", "Architecture", "amd64"),
                Map.of("preinst", new byte[0]), List.of());

        List<String> lines = new MaintainerScripts(tree, tmp, true, 0, new RecordingLog()).run(List.of(fixture),
                tmp.resolve("owners"));

        assertThat(Files.readString(tree.resolve("seen"))).isEqualTo("chroot install fixture preinst amd64\n");
        assertThat(lines).containsExactly("dpkg --configure -a", "ldconfig");
        // no service starts while they run (policy-rc.d refuses), and what the build put in is gone again
        assertThat(tree.resolve("policy")).hasContent("policy-rc.d says 101");
        assertGuardsTakenAway(tree);
    }

    @Test
    void theChrootStaysOutOfTheFirstProcessWhicheverShellStartsIt(@TempDir Path tmp) throws Exception {
        assumeFixtureGuestCanRun("a PID namespace as root");
        Path tree = fixtureGuest(tmp.resolve("tree"));
        // bash and busybox run the last command of -c in place of the shell: the host's sh may be either
        for (List<String> shell : List.of(List.of("dash"), List.of("bash"), List.of(BUSYBOX.toString(), "sh"))) {
            List<String> command = new java.util.ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork",
                    "--kill-child", "--"));
            command.addAll(shell);
            // the script's text read from a file outside the tree, through descriptor 4
            Path script = Files.writeString(tmp.resolve("script"), "if [ \"$(stat -Lc %d:%i /proc/1/root)\" ="
                    + " \"$(stat -c %d:%i /)\" ]; then echo booted; else echo chroot; fi; exit 7\n");
            command.addAll(List.of("-c", "set -e; mount -t proc proc \"$1/proc\"; " + MaintainerScripts.GUEST_SHELL,
                    "sh", tree.toString(), script.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(shell + ": the guest's exit status, passed on").isEqualTo(7);
            assertThat(out).as(shell.toString()).isEqualTo("chroot\n");
        }
    }

    @Test
    void inTwoRoundsTheEssentialSetRunsAloneThenTheRestWithWhatIsPreDependedOnFirst(@TempDir Path tmp) throws Exception {
        assumeFixtureGuestCanRun("the chroot as root (the two rounds are taken as root only)");
        Path tree = fixtureGuest(tmp.resolve("tree"));
        script(tree, "var/lib/dpkg/info/base.preinst", "#!/bin/sh\necho base >> /preinsts\n");
        script(tree, "var/lib/dpkg/info/systemd.preinst", "#!/bin/sh\necho systemd >> /preinsts\n");
        script(tree, "var/lib/dpkg/info/passwd.preinst", "#!/bin/sh\necho passwd >> /preinsts\n");
        MaintainerScripts scripts = new MaintainerScripts(tree, tmp, true, 0, new RecordingLog());

        scripts.startEssential(List.of(installed("base")), null);
        assertThat(scripts.awaitEssential()).containsExactly("dpkg --configure -a");
        assertThat(tree.resolve("preinsts")).hasContent("base");
        // between the rounds no service may start yet
        assertThat(tree.resolve("usr/sbin/policy-rc.d")).exists();
        assertThat(tree.resolve("usr/sbin/start-stop-daemon")).content().contains("Fake");

        // without root the first round's owners come back before the rest runs (run here as root on FIXTURE entries)
        Files.createDirectories(tree.resolve("srv"));
        Files.writeString(tree.resolve("srv/it's here"), "x");
        Files.writeString(tree.resolve("srv/replaced"), "by a later package");
        Files.createSymbolicLink(tree.resolve("srv/link"), Path.of("it's here"));
        Map<String, io.rootfs.core.tree.TreeEntry> given = new java.util.LinkedHashMap<>();
        for (String[] e : new String[][] {{"srv/it's here", "2750"}, {"srv/gone", "644"}, {"srv/replaced", "600"},
                {"srv/link", "777"}}) {
            given.put(e[0], new io.rootfs.core.tree.TreeEntry(e[0], io.rootfs.core.tree.TreeEntry.Type.FILE,
                    Integer.parseInt(e[1], 8), 5, 6, 0, 0, "", 0, 0));
        }
        // longer than one argument may be (128 KiB): the script's text is read from a file
        String before = "echo before\n: " + "x".repeat(200_000) + "\n"
                + OwnersAfterScripts.reapply(given, java.util.Set.of("srv/replaced"));

        List<String> rest = scripts.runRest(List.of(installed("passwd"), installed("systemd")), java.util.Set.of("systemd"),
                before, tmp.resolve("owners"));

        assertThat(Files.getAttribute(tree.resolve("srv/it's here"), "unix:uid")).isEqualTo(5);
        assertThat(Files.getAttribute(tree.resolve("srv/it's here"), "unix:mode")).isEqualTo(0102750);
        assertThat(Files.getAttribute(tree.resolve("srv/replaced"), "unix:uid")).isEqualTo(0);
        assertThat(Files.getAttribute(tree.resolve("srv/link"), "unix:gid", java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(6);
        assertThat(rest).containsExactly("before", "dpkg --configure systemd", "dpkg --configure -a", "ldconfig");
        assertThat(tree.resolve("preinsts")).hasContent("base\npasswd\nsystemd");
        assertGuardsTakenAway(tree);
    }

    @Test
    void aBuildThatFailsBetweenTheRoundsStopsTheFirstAndTakesTheGuardsAway(@TempDir Path tmp) throws Exception {
        assumeFixtureGuestCanRun("the chroot as root");
        Path tree = fixtureGuest(tmp.resolve("tree"));
        script(tree, "var/lib/dpkg/info/base.preinst", "#!/bin/sh\n: > /started; busybox sleep 60; : > /finished\n");
        MaintainerScripts scripts = new MaintainerScripts(tree, tmp, true, 0, new RecordingLog());
        scripts.startEssential(List.of(installed("base")), null);
        while (!Files.exists(tree.resolve("started"))) {
            Thread.sleep(20);
        }

        scripts.abandon();

        assertThat(tree.resolve("finished")).doesNotExist();
        assertThatThrownBy(scripts::awaitEssential).hasMessageContaining("failed");
        assertGuardsTakenAway(tree);
    }

    @Test
    void aStopThatComesBeforeTheFirstRoundStartsIsNotLost(@TempDir Path tmp) throws Exception {
        assumeFixtureGuestCanRun("the chroot as root");
        Path tree = fixtureGuest(tmp.resolve("tree"));
        script(tree, "var/lib/dpkg/info/base.preinst", "#!/bin/sh\n: > /ran\n");
        MaintainerScripts scripts = new MaintainerScripts(tree, tmp, true, 0, new RecordingLog());
        scripts.stop(); // the build is interrupted as the round is about to start

        scripts.startEssential(List.of(installed("base")), null);

        assertThatThrownBy(scripts::awaitEssential).hasMessageContaining("stopped");
        assertThat(tree.resolve("ran")).doesNotExist();
        assertThatThrownBy(() -> scripts.runRest(List.of(), java.util.Set.of(), "", tmp.resolve("owners")))
                .hasMessageContaining("stopped");
        assertGuardsTakenAway(tree);
    }

    private static DpkgDatabase.Installed installed(String name) {
        return new DpkgDatabase.Installed(Map.of("Package", name, "Architecture", "amd64"),
                Map.of("preinst", new byte[0]), List.of());
    }

    /** The fixture guest needs busybox and dash from an x86_64 Debian host, and root to chroot into it. */
    @Test
    void dpkgsJournalIsInMemoryWhileTheScriptsRunAndOneLeftBehindFailsTheRound(@TempDir Path tmp) throws Exception {
        assumeFixtureGuestCanRun("the chroot as root (test-unprivileged covers the user namespace)");
        Path tree = fixtureGuest(tmp.resolve("tree"));
        Path journal = Files.createDirectories(tree.resolve("var/lib/dpkg/updates"));
        // the FIXTURE dpkg notes where its journal is, and writes one entry, which it removes as dpkg does when it ends
        script(tree, "usr/bin/dpkg", """
                #!/bin/sh
                stat -f -c %T /var/lib/dpkg/updates > /journal-on
                echo "Package: fixture" > /var/lib/dpkg/updates/0000
                [ -e /leave-journal ] || rm /var/lib/dpkg/updates/0000
                echo "dpkg $*"
                """);
        List<String> lines = new MaintainerScripts(tree, tmp, true, 0, new RecordingLog()).run(List.of(), tmp.resolve("o"));
        assertThat(lines).contains("dpkg --configure -a");
        assertThat(tree.resolve("journal-on")).hasContent("tmpfs");
        assertThat(journal).isEmptyDirectory();

        // a journal left behind is not lost with the tmpfs: the round fails
        Files.writeString(tree.resolve("leave-journal"), "");
        assertThatThrownBy(() -> new MaintainerScripts(tree, tmp, true, 0, new RecordingLog()).run(List.of(),
                tmp.resolve("o"))).hasMessageContaining("dpkg left its journal in var/lib/dpkg/updates");
        assertThat(journal).isEmptyDirectory();

        // a journal folder that is not empty is left on disk, where dpkg finds what it holds
        Files.delete(tree.resolve("leave-journal"));
        Files.writeString(journal.resolve("0001"), "Package: fixture\n");
        new MaintainerScripts(tree, tmp, true, 0, new RecordingLog()).run(List.of(), tmp.resolve("o"));
        assertThat(tree.resolve("journal-on")).content().isNotEqualTo("tmpfs");
    }

    private static void assumeFixtureGuestCanRun(String whyRoot) {
        assumeTrue(Files.isExecutable(BUSYBOX), "needs busybox-static");
        assumeTrue(Files.isExecutable(DASH) && DASH_LIBS.stream().allMatch(l -> Files.exists(Path.of("/" + l))),
                "an x86_64 Debian host");
        assumeTrue("root".equals(System.getProperty("user.name")), whyRoot);
    }

    private static Path fixtureGuest(Path tree) throws Exception {
        Files.createDirectories(tree.resolve("usr/bin"));
        Files.createDirectories(tree.resolve("usr/sbin"));
        Files.createDirectories(tree.resolve("proc"));
        Files.createDirectories(tree.resolve("dev"));
        Files.createDirectories(tree.resolve("run/lock"));
        Files.createDirectories(tree.resolve("tmp"));
        Files.createSymbolicLink(tree.resolve("bin"), Path.of("usr/bin"));
        Files.createSymbolicLink(tree.resolve("sbin"), Path.of("usr/sbin"));
        Files.copy(BUSYBOX, tree.resolve("usr/bin/busybox"));
        Files.copy(DASH, tree.resolve("usr/bin/sh"));
        for (String lib : DASH_LIBS) {
            Files.createDirectories(tree.resolve(lib).getParent());
            Files.copy(Path.of("/" + lib), tree.resolve(lib));
        }
        for (String tool : List.of("stat", "mkdir", "chmod", "chown", "rm", "find", "mknod", "echo", "cat")) {
            Files.createSymbolicLink(tree.resolve("usr/bin/" + tool), Path.of("busybox"));
        }
        script(tree, "usr/bin/dpkg", "#!/bin/sh\necho \"dpkg $*\"\n");
        script(tree, "usr/sbin/ldconfig", "#!/bin/sh\necho ldconfig\n");
        script(tree, "usr/sbin/start-stop-daemon", REAL_STOP_DAEMON);
        return tree;
    }

    private static final String REAL_STOP_DAEMON = "#!/bin/sh\necho the real one\n";

    /** What the build put in for the scripts' while (no service may start) is gone, the real tool back. */
    private static void assertGuardsTakenAway(Path tree) {
        assertThat(tree.resolve("usr/sbin/policy-rc.d")).doesNotExist();
        assertThat(tree.resolve("usr/sbin/start-stop-daemon")).hasContent(REAL_STOP_DAEMON.strip());
    }

    private static void script(Path tree, String path, String text) throws Exception {
        Path file = tree.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
