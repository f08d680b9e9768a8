package io.rootfs.core.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.api.AgentSource;
import io.rootfs.api.Arch;
import io.rootfs.core.RootfsException;
import io.rootfs.testkit.RecordingLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The finishing steps over a small tree shaped like a merged-usr Debian with chrony. */
class GuestSetupTest {
    @TempDir
    Path tmp;
    Path root;
    Path agent;
    final RecordingLog log = new RecordingLog();
    final List<String> warnings = log.warnings;

    @BeforeEach
    void distroTree() throws IOException {
        root = Files.createDirectories(tmp.resolve("rootfs"));
        for (String d : List.of("usr/bin", "usr/sbin", "usr/lib/systemd/system", "usr/share/systemd", "etc/chrony",
                "var/tmp", "tmp")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.createSymbolicLink(root.resolve("sbin"), Path.of("usr/sbin"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("usr/sbin/init"), Path.of("/lib/systemd/systemd"));
        Files.writeString(root.resolve("var/tmp/stale"), "x");
        Files.writeString(root.resolve("usr/share/systemd/tmp.mount"), "[Mount]\nWhat=tmpfs\n");
        Files.writeString(root.resolve("etc/chrony/chrony.conf"), "pool 2.debian.pool.ntp.org iburst\nsourcedir /run/chrony-dhcp\nkeyfile /etc/chrony/chrony.keys\n");
        Files.writeString(root.resolve("usr/lib/systemd/system/chrony.service"), "[Unit]\nDescription=chrony\n\n[Service]\nType=forking\n");
        Files.createSymbolicLink(root.resolve("usr/lib/systemd/system/chronyd.service"), Path.of("chrony.service"));
        Files.createSymbolicLink(root.resolve("etc/resolv.conf"), Path.of("/run/systemd/resolve/stub-resolv.conf"));
        agent = tmp.resolve("kata-agent");
        Files.writeString(agent, "#!/bin/sh\necho agent\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    GuestPlan plan(AgentSource source, Path file, boolean init) {
        return new GuestPlan(Arch.X86_64, source, file, init, null, false, null, "debian", "bookworm",
                List.of("systemd", "chrony"), List.of("vim"), 1767225600L, "io.rootfs:rootfs-maven-plugin", "0.1.0");
    }

    @Test
    void systemdGuestGetsAgentUnitsChronyAndTmp() throws IOException {
        new GuestSetup(log).finish(root, plan(new AgentSource.Binary(agent), agent, false));
        assertThat(root.resolve("usr/bin/kata-agent")).hasContent("#!/bin/sh\necho agent");
        assertThat(Files.isExecutable(root.resolve("usr/bin/kata-agent"))).isTrue();
        assertThat(root.resolve("usr/lib/systemd/system/kata-agent.service")).content()
                .contains("ExecStart=/usr/bin/kata-agent", "OOMScoreAdjust=-997", "FailureAction=poweroff",
                        "StandardOutput=tty", "LimitNOFILE=1048576");
        assertThat(root.resolve("usr/lib/systemd/system/kata-containers.target")).content()
                .contains("Requires=basic.target", "Requires=tmp.mount", "Requires=kata-agent.service",
                        "Wants=chronyd.service", "Conflicts=rescue.service rescue.target", "AllowIsolate=yes");
        assertThat(Files.readSymbolicLink(root.resolve("etc/systemd/system/basic.target.wants/kata-containers.target")))
                .isEqualTo(Path.of("/usr/lib/systemd/system/kata-containers.target"));
        assertThat(Files.readSymbolicLink(root.resolve("var/tmp"))).isEqualTo(Path.of("../tmp"));
        assertThat(root.resolve("etc/systemd/system/tmp.mount")).hasContent("[Mount]\nWhat=tmpfs");
        assertThat(root.resolve("etc/chrony/chrony.conf")).content()
                .startsWith("# pool 2.debian.pool.ntp.org iburst\n# sourcedir /run/chrony-dhcp\nkeyfile")
                .contains("refclock PHC /dev/ptp0 poll 3 dpoll -2 offset 0", "makestep 1 -1");
        assertThat(root.resolve("usr/lib/systemd/system/chrony.service"))
                .hasContent("[Unit]\nConditionPathExists=/dev/ptp0\nDescription=chrony\n\n[Service]\nType=forking");
        assertThat(root.resolve("etc/resolv.conf")).isRegularFile().isEmptyFile();
        assertThat(root.resolve("var/lib/osbuilder/osbuilder.yaml")).content().contains("agent-is-init-daemon: \"no\"");
        assertThat(warnings).isEmpty();
    }

    @Test
    void currentKatasExtrasPolicyTarballsConfidentialGuestAndDbus() throws Exception {
        Path policy = Files.writeString(tmp.resolve("allow-all.rego"), "package agent_policy\ndefault AllowRequestsFailingPolicy := true\n");
        Path tree = Files.createDirectories(tmp.resolve("hooks-tree/usr/share/oci/hooks/prestart"));
        Files.writeString(tree.resolve("hook.sh"), "#!/bin/sh\n");
        Path hooks = tmp.resolve("hooks.tar.zst");
        assertThat(new ProcessBuilder("tar", "--zstd", "-cf", hooks.toString(), "-C", tmp.resolve("hooks-tree").toString(),
                "usr").inheritIO().start().waitFor()).isZero();
        Files.writeString(root.resolve("etc/fstab"), "# UNCONFIGURED FSTAB\ntmpfs /run tmpfs defaults 0 0\n");
        GuestPlan base = plan(new AgentSource.Binary(agent), agent, false);
        GuestPlan plan = new GuestPlan(base.arch(), base.agent(), base.agentFile(), false, null, false, null, "debian",
                "bookworm", base.packages(), base.extraPackages(), base.sourceDateEpoch(), base.builderName(),
                base.builderVersion(), new io.rootfs.api.KataExtras(policy, hooks, null, null, true));
        new GuestSetup(log).finish(root, plan);
        assertThat(root.resolve("etc/kata-opa/allow-all.rego")).hasContent("package agent_policy\ndefault AllowRequestsFailingPolicy := true");
        assertThat(Files.readSymbolicLink(root.resolve("etc/kata-opa/default-policy.rego"))).isEqualTo(Path.of("allow-all.rego"));
        assertThat(root.resolve("usr/share/oci/hooks/prestart/hook.sh")).hasContent("#!/bin/sh");
        assertThat(root.resolve("etc/fstab")).hasContent("# UNCONFIGURED FSTAB\ntmpfs /run tmpfs nodev,nosuid,size=50% 0 0");
        assertThat(root.resolve("usr/lib/systemd/system/kata-containers.target")).content()
                .endsWith("AllowIsolate=yes\nRequires=systemd-remount-fs.service\n");
        assertThat(Files.readSymbolicLink(root.resolve("etc/systemd/system/kata-containers.target.wants/dbus.socket")))
                .isEqualTo(Path.of("/usr/lib/systemd/system/dbus.socket"));
        assertThat(log.lines).contains("Guest: agent policy /etc/kata-opa/allow-all.rego (default-policy.rego links to it)");
    }

    @Test
    void agentAsInitReplacesSbinInit() throws IOException {
        new GuestSetup(log).finish(root, plan(new AgentSource.Binary(agent), agent, true));
        Path init = root.resolve("usr/sbin/init");
        assertThat(Files.isSymbolicLink(init)).isFalse();
        assertThat(init).hasContent("#!/bin/sh\necho agent");
        assertThat(Files.isExecutable(init)).isTrue();
        assertThat(root.resolve("usr/bin/kata-agent")).doesNotExist();
        assertThat(root.resolve("usr/lib/systemd/system/kata-agent.service")).doesNotExist();
        assertThat(root.resolve("etc/systemd/system/tmp.mount")).doesNotExist();
        assertThat(root.resolve("var/lib/osbuilder/osbuilder.yaml")).content().contains("agent-is-init-daemon: \"yes\"");
    }

    @Test
    void noAgentWarnsOnceAndWritesNoUnits() {
        new GuestSetup(log).finish(root, plan(AgentSource.none(), null, false));
        assertThat(warnings).singleElement().asString().startsWith("No kata-agent was installed")
                .contains("-Drootfs.agent=");
        assertThat(root.resolve("usr/lib/systemd/system/kata-containers.target")).doesNotExist();
        assertThat(root.resolve("var/lib/osbuilder/osbuilder.yaml")).exists();
    }

    @Test
    void tarballIsUnpackedKeepingItsOwnService() throws IOException {
        Path tarball = tmp.resolve("kata-static-agent.tar.gz");
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(tarball));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            dir(tar, "./usr/");
            file(tar, "./usr/bin/kata-agent", "#!/bin/sh\n", 0755);
            file(tar, "./usr/lib/systemd/system/kata-agent.service", "[Service]\nExecStart=/usr/bin/kata-agent --custom\n", 0644);
        }
        new GuestSetup(log).finish(root, plan(new AgentSource.Tarball(tarball), tarball, false));
        assertThat(Files.isExecutable(root.resolve("usr/bin/kata-agent"))).isTrue();
        assertThat(root.resolve("usr/lib/systemd/system/kata-agent.service")).content().contains("--custom");
        assertThat(root.resolve("usr/lib/systemd/system/kata-containers.target")).exists();
    }

    @Test
    void tarballEntryLeavingTheRootfsIsRefused() throws IOException {
        Path tarball = tmp.resolve("evil.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tarball))) {
            file(tar, "usr/bin/../../../escaped", "x", 0755);
        }
        assertThatThrownBy(() -> new GuestSetup(log).finish(root, plan(new AgentSource.Tarball(tarball), tarball, false)))
                .isInstanceOf(RootfsException.class).hasMessageContaining("would land outside the rootfs");
        assertThat(tmp.resolve("escaped")).doesNotExist();
    }

    @Test
    void tarballWithoutAgentIsRefused() throws IOException {
        Path tarball = tmp.resolve("empty.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tarball))) {
            file(tar, "README", "x", 0644);
        }
        assertThatThrownBy(() -> new GuestSetup(log).finish(root, plan(new AgentSource.Tarball(tarball), tarball, false)))
                .hasMessageContaining("holds no executable usr/bin/kata-agent");
    }

    @Test
    void kernelModulesOverlayAndPruning() throws IOException {
        Path modules = Files.createDirectories(tmp.resolve("6.1.0-test"));
        Files.createDirectories(modules.resolve("kernel/fs"));
        Files.writeString(modules.resolve("kernel/fs/x.ko"), "ko");
        Path overlay = Files.createDirectories(tmp.resolve("overlay/etc"));
        Files.writeString(overlay.resolve("motd"), "welcome");
        Files.writeString(root.resolve("usr/lib/systemd/system/getty@.service"), "[Unit]\n");
        Files.writeString(root.resolve("usr/lib/systemd/system/apt-daily.timer"), "[Unit]\n");
        GuestPlan p = new GuestPlan(Arch.X86_64, AgentSource.none(), null, false, modules, true, tmp.resolve("overlay"),
                "debian", "bookworm", List.of(), List.of(), 0, "b", "1");
        new GuestSetup(log).finish(root, p);
        assertThat(root.resolve("usr/lib/modules/6.1.0-test/kernel/fs/x.ko")).hasContent("ko");
        assertThat(root.resolve("etc/motd")).hasContent("welcome");
        assertThat(root.resolve("usr/lib/systemd/system/getty@.service")).doesNotExist();
        assertThat(root.resolve("usr/lib/systemd/system/apt-daily.timer")).doesNotExist();
        assertThat(root.resolve("usr/lib/systemd/system/chrony.service")).exists();
    }

    @Test
    void anOverlayWritesThroughTheGuestsMergedUsrLinks() throws IOException {
        Path overlay = Files.createDirectories(tmp.resolve("overlay/lib/systemd/system"));
        Files.writeString(overlay.resolve("foo.service"), "[Unit]\nDescription=foo\n");
        Files.createDirectories(tmp.resolve("overlay/sbin"));
        Files.writeString(tmp.resolve("overlay/sbin/tool"), "tool");
        GuestPlan p = new GuestPlan(Arch.X86_64, AgentSource.none(), null, false, null, false, tmp.resolve("overlay"),
                "debian", "bookworm", List.of(), List.of(), 0, "b", "1");
        new GuestSetup(log).finish(root, p);
        assertThat(Files.readSymbolicLink(root.resolve("lib"))).isEqualTo(Path.of("usr/lib"));
        assertThat(Files.readSymbolicLink(root.resolve("sbin"))).isEqualTo(Path.of("usr/sbin"));
        assertThat(root.resolve("usr/lib/systemd/system/foo.service")).content().contains("Description=foo");
        assertThat(root.resolve("usr/sbin/tool")).hasContent("tool");
        assertThat(log.lines).contains("Guest: overlay: 6 entries from " + tmp.resolve("overlay") + " copied over the rootfs");
    }

    @Test
    void anOverlayOrModulesGivenAsALinkToAFolderAreCopied() throws IOException {
        Path realOverlay = Files.createDirectories(tmp.resolve("real-overlay/etc"));
        Files.writeString(realOverlay.resolve("motd"), "via a link");
        Path overlay = Files.createSymbolicLink(tmp.resolve("overlay"), tmp.resolve("real-overlay"));
        Path modules = Files.createDirectories(tmp.resolve("modules/6.1.0-9-amd64/kernel"));
        Files.writeString(modules.resolve("virtio.ko"), "ko");
        Path modulesLink = Files.createSymbolicLink(tmp.resolve("current"), tmp.resolve("modules/6.1.0-9-amd64"));
        GuestPlan p = new GuestPlan(Arch.X86_64, AgentSource.none(), null, false, Path.of(modulesLink + "/."), false,
                overlay, "debian", "bookworm", List.of(), List.of(), 0, "b", "1");
        new GuestSetup(log).finish(root, p);
        assertThat(root.resolve("etc/motd")).hasContent("via a link");
        // named for the kernel version the link leads to, never /lib/modules itself or "current"
        assertThat(root.resolve("usr/lib/modules/6.1.0-9-amd64/kernel/virtio.ko")).hasContent("ko");
        assertThat(root.resolve("usr/lib/modules/kernel")).doesNotExist();
        assertThat(log.lines).contains("Guest: overlay: 2 entries from " + overlay + " copied over the rootfs")
                .anyMatch(l -> l.startsWith("Guest: kernel modules: 2 entries from ") && l.endsWith("in /lib/modules/6.1.0-9-amd64"));
    }

    @Test
    void anOverlayNeverReplacesAFolderWithFilesNorCopiesSpecialFiles() throws Exception {
        Files.writeString(root.resolve("usr/lib/systemd/system/keep.service"), "[Unit]\n");
        Path overlay = Files.createDirectories(tmp.resolve("overlay/usr/lib/systemd"));
        Files.writeString(overlay.resolve("system"), "a file where the guest has a folder");
        GuestPlan p = new GuestPlan(Arch.X86_64, AgentSource.none(), null, false, null, false, tmp.resolve("overlay"),
                "debian", "bookworm", List.of(), List.of(), 0, "b", "1");
        assertThatThrownBy(() -> new GuestSetup(log).finish(root, p)).isInstanceOf(RootfsException.class)
                .hasMessageContaining("puts a file or link at /usr/lib/systemd/system, where the guest has a folder with"
                        + " files in it");
        assertThat(root.resolve("usr/lib/systemd/system/keep.service")).exists();

        Path fifoOverlay = Files.createDirectories(tmp.resolve("fifo-overlay"));
        new ProcessBuilder("mkfifo", fifoOverlay.resolve("pipe").toString()).inheritIO().start().waitFor();
        GuestPlan q = new GuestPlan(Arch.X86_64, AgentSource.none(), null, false, null, false, fifoOverlay,
                "debian", "bookworm", List.of(), List.of(), 0, "b", "1");
        assertThatThrownBy(() -> new GuestSetup(log).finish(root, q))
                .hasMessageContaining("which is a device, FIFO or socket: only files, folders and links are copied");
    }

    @Test
    void aTarballLinkOverAFolderWithFilesIsRefusedClearly() throws IOException {
        Files.writeString(root.resolve("usr/lib/systemd/system/keep.service"), "[Unit]\n");
        Path tarball = tmp.resolve("agent.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tarball))) {
            file(tar, "usr/bin/kata-agent", "#!/bin/sh\n", 0755);
            TarArchiveEntry link = new TarArchiveEntry("usr/lib/systemd/system", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/elsewhere");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        assertThatThrownBy(() -> new GuestSetup(log).finish(root, plan(new AgentSource.Tarball(tarball), tarball, false)))
                .isInstanceOf(RootfsException.class)
                .hasMessage("Agent tarball " + tarball + " puts a file or link at usr/lib/systemd/system, where the guest"
                        + " has a folder with files in it; refusing to replace that folder. Put the entry elsewhere, or make"
                        + " it a folder.");
    }

    @Test
    void aWorldWritableOrSetuidAgentIsRefusedOtherSetuidBitsAreKept() throws IOException {
        for (int mode : new int[] {04777, 0777, 04755, 02755}) {
            Path tarball = tmp.resolve("agent-" + Integer.toOctalString(mode) + ".tar");
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tarball))) {
                file(tar, "usr/bin/kata-agent", "#!/bin/sh\n", mode);
            }
            assertThatThrownBy(() -> new GuestSetup(log).finish(root, plan(new AgentSource.Tarball(tarball), tarball,
                    false))).as(Integer.toOctalString(mode)).isInstanceOf(RootfsException.class)
                    .hasMessageContaining("usr/bin/kata-agent with mode " + Integer.toOctalString(mode));
        }
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> new GuestSetup(log).finish(root, plan(new AgentSource.Binary(agent), agent, false)))
                .hasMessage("rootfs.agent=" + agent + " with mode 777, writable by everyone: refusing it. chmod o-w it"
                        + " (0755 is usual).");

        Path tarball = tmp.resolve("helper.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(tarball))) {
            file(tar, "usr/bin/kata-agent", "#!/bin/sh\n", 0755);
            file(tar, "usr/libexec/kata-helper", "#!/bin/sh\n", 04755);
        }
        new GuestSetup(log).finish(root, plan(new AgentSource.Tarball(tarball), tarball, false));
        assertThat(Files.getAttribute(root.resolve("usr/libexec/kata-helper"), "unix:mode")).isEqualTo(0104755);
        assertThat(log.lines).anyMatch(l -> l.contains("setuid/setgid kept on usr/libexec/kata-helper"));
    }

    @Test
    void osbuilderYamlIsKatasFormat() {
        assertThat(OsbuilderYaml.render(plan(new AgentSource.Artifact("io.katacontainers:kata-agent:tar.xz:3.2.0"),
                agent, false))).isEqualTo("""
                ---
                osbuilder:
                  url: "io.rootfs:rootfs-maven-plugin"
                  version: "0.1.0"
                rootfs-creation-time: "2026-01-01T00:00:00.000000000+00:00"
                description: "osbuilder rootfs"
                file-format-version: "0.0.2"
                architecture: "x86_64"
                base-distro:
                  name: "debian"
                  version: "bookworm"
                  packages:
                    default:
                      - "systemd"
                      - "chrony"
                    extra:
                      - "vim"
                agent:
                  url: "maven:io.katacontainers:kata-agent:tar.xz:3.2.0"
                  name: "kata-agent"
                  version: "3.2.0"
                  agent-is-init-daemon: "no"
                """);
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(new TarArchiveEntry(name));
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, String text, int mode) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        e.setMode(mode);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }
}
