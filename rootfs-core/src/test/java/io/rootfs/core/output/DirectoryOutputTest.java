package io.rootfs.core.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryOutputTest {
    @TempDir
    Path tmp;

    Path project() throws IOException {
        return Files.createDirectories(tmp.resolve("home/me/project"));
    }

    DirectoryOutput of(Path dir, boolean force) throws IOException {
        Path project = project();
        return DirectoryOutput.of(dir, project.resolve("target"), project, tmp.resolve("home/me"), force);
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
    void aFolderWeDidNotBuildIsNeverReplaced() throws IOException {
        Path dir = Files.createDirectories(project().resolve("target/rootfs"));
        Files.writeString(dir.resolve("precious.txt"), "data");
        assertThatThrownBy(() -> of(dir, false)).hasMessageContaining("is not a rootfs this plugin built");
        assertThat(dir.resolve("precious.txt")).hasContent("data");
    }

    @Test
    void stagingIsSwappedInOnlyOnCommit() throws IOException {
        Path dir = project().resolve("target/rootfs");
        Files.createDirectories(dir.resolve("var/lib/osbuilder"));
        Files.writeString(dir.resolve(DirectoryOutput.MARKER), "old");
        DirectoryOutput out = of(dir, false);
        Path staging = out.prepareStaging();
        assertThat(staging).isEqualTo(dir.resolveSibling("rootfs.new")).isEmptyDirectory();
        Files.writeString(staging.resolve("new"), "new");
        out.discard();
        assertThat(dir.resolve(DirectoryOutput.MARKER)).hasContent("old");
        assertThat(staging).doesNotExist();

        Files.writeString(out.prepareStaging().resolve("new"), "new");
        out.commit();
        assertThat(dir.resolve("new")).hasContent("new");
        assertThat(dir.resolve(DirectoryOutput.MARKER)).doesNotExist();
        assertThat(dir.resolveSibling("rootfs.old")).doesNotExist();
    }
}
