package io.rootfs.core.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rootfs.core.RootfsException;
import io.rootfs.core.host.Mounts;
import io.rootfs.testkit.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryOutputTest {
    @TempDir
    Path tmp;
    final RecordingLog log = new RecordingLog();

    Path project() throws IOException {
        return Files.createDirectories(tmp.resolve("home/me/project"));
    }

    DirectoryOutput of(Path dir, boolean force) throws IOException {
        Path project = project();
        return DirectoryOutput.of(dir, project.resolve("target"), project, tmp.resolve("home/me"), force);
    }

    Path builtRootfs(Path dir, String content) throws IOException {
        Files.createDirectories(dir.resolve("var/lib/osbuilder"));
        Files.writeString(dir.resolve(DirectoryOutput.MARKER), content);
        return dir;
    }

    @Test
    void refusesTheRootHomeAndProjectEvenWithForce() throws IOException {
        assertThatThrownBy(() -> of(Path.of("/"), true)).isInstanceOf(RootfsException.class)
                .hasMessageStartingWith("rootfs.dir=/ is the root folder");
        assertThatThrownBy(() -> of(tmp.resolve("home/me"), true)).hasMessageContaining("is or holds the home folder");
        assertThatThrownBy(() -> of(tmp.resolve("home"), true)).hasMessageContaining("is or holds the home folder");
        assertThatThrownBy(() -> of(tmp.resolve("home/me/project"), true))
                .hasMessageContaining("is or holds the project folder");
    }

    @Test
    void outsideTheBuildDirectoryNeedsForce() throws IOException {
        Path elsewhere = tmp.resolve("srv/rootfs");
        assertThatThrownBy(() -> of(elsewhere, false)).hasMessageContaining("is outside the build directory")
                .hasMessageContaining("-Drootfs.force=true");
        assertThat(of(elsewhere, true).target()).isEqualTo(elsewhere);
    }

    @Test
    void aLinkOnTheWayIsFollowedBeforeAnyCheck() throws IOException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path target = Files.createDirectories(project().resolve("target"));
        Files.createSymbolicLink(target.resolve("lnk"), elsewhere);
        assertThatThrownBy(() -> of(target.resolve("lnk/rootfs"), false))
                .hasMessageContaining("rootfs.dir=" + target.resolve("lnk/rootfs") + ", which is " + elsewhere.resolve("rootfs")
                        + ", is outside the build directory");
        // a link back into the project: the project folder itself, refused even with force
        Files.createSymbolicLink(target.resolve("up"), project());
        assertThatThrownBy(() -> of(target.resolve("up"), true)).hasMessageContaining("is or holds the project folder");
        assertThat(elsewhere).isEmptyDirectory();
        // a link to a folder inside target/ is fine: the real path is under it
        Files.createDirectories(target.resolve("real"));
        Files.createSymbolicLink(target.resolve("inside"), target.resolve("real"));
        assertThat(of(target.resolve("inside/rootfs"), false).target()).isEqualTo(target.resolve("real/rootfs"));
    }

    @Test
    void aFolderWeDidNotBuildIsNeverReplaced() throws IOException {
        Path dir = Files.createDirectories(project().resolve("target/rootfs"));
        Files.writeString(dir.resolve("precious.txt"), "data");
        assertThatThrownBy(() -> of(dir, false)).hasMessageContaining("is not a rootfs this plugin built");
        assertThat(dir.resolve("precious.txt")).hasContent("data");
    }

    @Test
    void foldersBesideTheTargetThatAreNotOursAreNeverTouched() throws IOException {
        Path srv = Files.createDirectories(tmp.resolve("srv"));
        for (String name : List.of("data.new", "data.old")) {
            Files.writeString(Files.createDirectories(srv.resolve(name)).resolve("precious"), name);
        }
        DirectoryOutput out = of(srv.resolve("data"), true);
        try (WorkFolder work = out.open(log)) {
            Files.writeString(out.prepareStaging().resolve("new"), "new");
            out.commit();
        }
        assertThat(srv.resolve("data/new")).hasContent("new");
        assertThat(srv.resolve("data.new/precious")).hasContent("data.new");
        assertThat(srv.resolve("data.old/precious")).hasContent("data.old");

        // a folder named like our work folder, without our marker, is refused and left alone
        Files.writeString(Files.createDirectories(srv.resolve("other.work")).resolve("precious"), "mine");
        assertThatThrownBy(() -> of(srv.resolve("other"), true)).isInstanceOf(RootfsException.class)
                .hasMessageContaining(srv.resolve("other.work") + " exists and was not made by this plugin");
        assertThat(srv.resolve("other.work/precious")).hasContent("mine");
    }

    @Test
    void aFolderInsideAnotherRootfsOrWorkFolderIsRefused() throws IOException {
        Path rootfs = builtRootfs(project().resolve("target/rootfs"), "good");
        try (WorkFolder work = of(rootfs, false).open(log)) {
            // sets up target/rootfs.work with its marker
        }
        for (String inside : List.of("target/rootfs/sub", "target/rootfs.work/staging", "target/rootfs.work/previous")) {
            assertThatThrownBy(() -> of(project().resolve(inside), false)).as(inside).isInstanceOf(RootfsException.class)
                    .hasMessageContaining("a rootfs or work folder of another build");
        }
    }

    @Test
    void aMountPointOrAFolderWithMountsIsRefusedBeforeAnyWork() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        Path dir = Files.createDirectories(project().resolve("target/mounted"));
        mount("-t", "tmpfs", "tmpfs", dir.toString());
        try {
            assertThatThrownBy(() -> of(dir, false)).hasMessageContaining("is a mount point: a build replaces the folder");
        } finally {
            new ProcessBuilder("umount", dir.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void stagingIsSwappedInOnlyOnCommit() throws IOException {
        Path dir = builtRootfs(project().resolve("target/rootfs"), "old");
        DirectoryOutput out = of(dir, false);
        try (WorkFolder work = out.open(log)) {
            Path staging = out.prepareStaging();
            assertThat(staging).isEqualTo(dir.resolveSibling("rootfs.work/staging")).isEmptyDirectory();
            Files.writeString(staging.resolve("new"), "new");
            out.discard();
            assertThat(dir.resolve(DirectoryOutput.MARKER)).hasContent("old");
            assertThat(staging).doesNotExist();

            Files.writeString(out.prepareStaging().resolve("new"), "new");
            out.commit();
            assertThat(dir.resolve("new")).hasContent("new");
            assertThat(dir.resolve(DirectoryOutput.MARKER)).doesNotExist();
            assertThat(work.dir().resolve("previous")).doesNotExist();
        }
    }

    @Test
    void aSecondBuildOfTheSameTargetFailsAtOnceNamingTheHolder() throws IOException {
        Path dir = builtRootfs(project().resolve("target/rootfs"), "good");
        DirectoryOutput first = of(dir, false);
        try (WorkFolder work = first.open(log)) {
            Path staging = first.prepareStaging();
            Files.writeString(staging.resolve("half"), "half built");
            // the same JVM (mvn -T with two executions on one folder)
            assertThatThrownBy(() -> of(dir, false).open(log)).isInstanceOf(RootfsException.class)
                    .hasMessageStartingWith("Another build in this Maven run (pid " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining("Give each its own -Drootfs.dir");
            // through another path that leads to the same folder
            Path alias = Files.createSymbolicLink(project().resolve("target/alias"), dir);
            assertThatThrownBy(() -> of(alias, false).open(log)).hasMessageStartingWith("Another build in this Maven run");
            assertThat(staging.resolve("half")).hasContent("half built");
            assertThat(dir.resolve(DirectoryOutput.MARKER)).hasContent("good");
        }
    }

    @Test
    void anotherProcessHoldingTheLockIsNamed() throws Exception {
        Path dir = builtRootfs(project().resolve("target/rootfs"), "good");
        try (WorkFolder work = of(dir, false).open(log)) {
            // set up a marked work folder, then let it go
        }
        Path lock = dir.resolveSibling("rootfs.work/lock");
        Files.writeString(lock, "pid=4242\nstarted=2026-11-28T10:00:00Z\n");
        // another JVM takes the lock the way a build does (a POSIX record lock through a FileChannel)
        Path source = Files.writeString(tmp.resolve("Holder.java"), """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Holder {
                    public static void main(String[] a) throws Exception {
                        FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE);
                        ch.lock();
                        System.out.println("locked");
                        Thread.sleep(60_000);
                    }
                }
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, source.toString(), lock.toString()).redirectErrorStream(true).start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(6))).isEqualTo("locked");
            assertThatThrownBy(() -> of(dir, false).open(log)).isInstanceOf(RootfsException.class)
                    .hasMessageStartingWith(dir + " is being built by another build (pid 4242, started 2026-11-28T10:00:00Z")
                    .hasMessageEndingWith("Wait for it to finish, or build into another -Drootfs.dir; nothing of it was touched.");
        } finally {
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        try (WorkFolder work = of(dir, false).open(log)) {
            assertThat(Files.readString(lock)).contains("pid=" + ProcessHandle.current().pid());
        }
    }

    @Test
    void aRootfsSetAsideByAnInterruptedSwapIsPutBack() throws IOException {
        Path dir = builtRootfs(project().resolve("target/rootfs"), "good");
        DirectoryOutput out = of(dir, false);
        try (WorkFolder work = out.open(log)) {
            // as if killed between the two renames of commit(): the old tree set aside, the new not in place
            Files.move(dir, work.dir().resolve("previous"));
            Files.createDirectories(work.staging());
        }
        try (WorkFolder again = of(dir, false).open(log)) {
            assertThat(dir.resolve(DirectoryOutput.MARKER)).hasContent("good");
            assertThat(again.staging()).doesNotExist();
        }
        assertThat(log.warnings).anyMatch(w -> w.contains("the rootfs it replaced is back in " + dir));
    }

    @Test
    void mountsLeftByACrashedBuildAreTakenDownBeforeItsTreeIsRemoved() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        Path dir = project().resolve("target/rootfs");
        DirectoryOutput out = of(dir, false);
        Path staging;
        try (WorkFolder work = out.open(log)) {
            staging = out.prepareStaging();
        }
        // what mmdebstrap has mounted when it is killed with SIGKILL
        Files.createDirectories(staging.resolve("proc"));
        Files.createDirectories(staging.resolve("dev/shm"));
        Path hostFile = Files.writeString(tmp.resolve("host-file"), "the host's");
        Files.createDirectories(staging.resolve("sys"));
        mount("-t", "proc", "proc", staging.resolve("proc").toString());
        mount("-t", "tmpfs", "tmpfs", staging.resolve("dev/shm").toString());
        mount("--bind", tmp.toString(), staging.resolve("sys").toString());
        assertThat(new Mounts().under(staging)).hasSize(3);
        try (WorkFolder next = of(dir, false).open(log)) {
            assertThat(new Mounts().under(dir.getParent())).isEmpty();
            assertThat(staging).doesNotExist();
        }
        assertThat(hostFile).hasContent("the host's"); // the bind-mounted folder was unmounted, not emptied
        assertThat(log.warnings).anyMatch(w -> w.contains("left 3 mounts"));
    }

    private static void mount(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("mount"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
    }
}
