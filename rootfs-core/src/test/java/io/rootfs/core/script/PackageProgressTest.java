package io.rootfs.core.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootfs.testkit.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress of a package manager, from its lines as mmdebstrap --verbose and dnf print them. */
class PackageProgressTest {
    @TempDir
    Path tmp;

    static final List<String> MMDEBSTRAP = List.of(
            "I: running apt-get update...",
            "Get:1 http://deb.example/debian bookworm InRelease [151 kB]",
            "Get:2 http://deb.example/debian bookworm/main amd64 Packages [8790 kB]",
            "I: downloading packages with apt...",
            "0 upgraded, 2 newly installed, 0 to remove and 1 not upgraded.",
            "Get:1 http://deb.example/debian bookworm/main amd64 gcc-12-base amd64 12.2.0-14+deb12u1 [37.6 kB]",
            "Get:2 http://deb.example/debian bookworm/main amd64 libc6 amd64 2.36-9+deb12u14 [2759 kB]",
            "Selecting previously unselected package libc6:amd64.",
            "Preparing to unpack .../libc6_2.36-9+deb12u14_amd64.deb ...",
            "Unpacking libc6:amd64 (2.36-9+deb12u14) ...",
            "Setting up libc6:amd64 (2.36-9+deb12u14) ...",
            "I: installing remaining packages inside the chroot...",
            "The following NEW packages will be installed:",
            "  kmod libkmod2",
            "  libnet-ldap-perl perl whiptail | dialog",
            "",
            "W: a warning stays",
            "0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.",
            "Get:1 http://deb.example/debian bookworm/main amd64 kmod amd64 30+20221128-1 [93.9 kB]");

    @Test
    void aptAndDpkgLinesAreCountedAndKeptOutOfTheLog() {
        PackageProgress progress = new PackageProgress();
        List<String> shown = MMDEBSTRAP.stream().filter(l -> !progress.count(l)).toList();
        assertThat(progress.summary()).isEqualTo("packages: 3 of 3 fetched, 1 of 3 unpacked, 1 of 3 set up");
        assertThat(shown).containsExactly("I: running apt-get update...",
                "Get:1 http://deb.example/debian bookworm InRelease [151 kB]",
                "Get:2 http://deb.example/debian bookworm/main amd64 Packages [8790 kB]",
                "I: downloading packages with apt...",
                "I: installing remaining packages inside the chroot...", "W: a warning stays");
    }

    @Test
    void dnfGivesItsOwnTotals() {
        PackageProgress progress = new PackageProgress();
        for (String line : List.of("(1/4): chrony-4.6-1.fc43.x86_64.rpm   1.2 MB/s | 330 kB  00:00",
                "(2/4): iptables-1.8.10-1.fc43.x86_64.rpm  2 MB/s | 20 kB  00:00",
                "  Installing       : systemd-257-1.fc43.x86_64                  3/4",
                "  Running scriptlet: systemd-257-1.fc43.x86_64                  3/4")) {
            assertThat(progress.count(line)).isTrue();
        }
        assertThat(progress.summary()).isEqualTo("packages: 2 of 4 fetched, 3 of 4 unpacked");
        assertThat(new PackageProgress().summary()).isEmpty();
    }

    @Test
    void aQuietStretchGetsAProgressLineAndTheChatterOnlyTheBuildLog() throws Exception {
        RecordingLog log = new RecordingLog();
        ScriptRun run = new ScriptRun(Map.of(), tmp, tmp.resolve("build.log"), tmp.resolve("staging"), null, g -> { });
        try (ScriptOutput output = new ScriptOutput(log, run, Duration.ofMillis(100))) {
            MMDEBSTRAP.forEach(output::line);
            for (int i = 0; i < 100 && log.lines.stream().noneMatch(l -> l.contains("build_rootfs running")); i++) {
                Thread.sleep(50);
            }
        }
        assertThat(log.lines).anyMatch(l -> l.matches("  \\.\\.\\. build_rootfs running, \\d+ s; packages: 3 of 3 fetched,"
                + " 1 of 3 unpacked, 1 of 3 set up"));
        assertThat(log.lines).noneMatch(l -> l.contains("Unpacking libc6")).contains("  | I: downloading packages with apt...");
        assertThat(Files.readString(tmp.resolve("build.log"))).contains("Unpacking libc6:amd64 (2.36-9+deb12u14) ...");
    }
}
