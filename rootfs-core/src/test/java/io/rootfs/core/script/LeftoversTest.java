package io.rootfs.core.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rootfs.core.RootfsException;
import io.rootfs.core.host.Mounts;
import io.rootfs.testkit.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a script that succeeded may still have left: a daemon in the tree, a bind mount of a host folder. */
class LeftoversTest {
    @TempDir
    Path tmp;
    final RecordingLog log = new RecordingLog();

    @Test
    void aDaemonInItsOwnSessionIsStopped() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("rootfs.work"));
        Path staging = Files.createDirectories(work.resolve("staging"));
        // what a postinst's daemon looks like: its own session, its working folder in the tree
        Process daemon = new ProcessBuilder("setsid", "sleep", "300").directory(staging.toFile()).start();
        Leftovers.check(staging, work, log);
        assertThat(daemon.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(log.warnings).anyMatch(w -> w.contains("left 1 processes running in " + work));
    }

    @Test
    void aMountLeftInTheTreeFailsTheBuildAndIsTakenDown() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        Path host = Files.createDirectories(tmp.resolve("host-folder"));
        Files.writeString(host.resolve("precious"), "the host's");
        Path work = Files.createDirectories(tmp.resolve("rootfs.work"));
        Path staging = Files.createDirectories(work.resolve("staging/var/tmp"));
        Process mount = new ProcessBuilder("mount", "--bind", host.toString(), staging.toString()).inheritIO().start();
        assertThat(mount.waitFor()).isZero();
        assertThatThrownBy(() -> Leftovers.check(work.resolve("staging"), work, log)).isInstanceOf(RootfsException.class)
                .hasMessageStartingWith("The distro's build_rootfs left 1 mounts in the tree: [" + staging + "] (now"
                        + " unmounted)");
        assertThat(new Mounts().under(work)).isEmpty();
        assertThat(host.resolve("precious")).hasContent("the host's");
        assertThat(List.of(host.toFile().list())).containsExactly("precious");
    }
}
