package io.rootfs.core.scaffold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.core.check.InitCheck;
import io.rootfs.core.distro.ConfigSh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DistroScaffoldTest {
    @TempDir
    Path distros;

    @Test
    void writesACompleteDistroProject() throws IOException {
        Path folder = DistroScaffold.write(distros, "my_new_awesome_rootfs", "com.acme", false);
        assertThat(folder).isEqualTo(distros.resolve("my_new_awesome_rootfs"));
        for (String f : DistroScaffold.FILES) {
            assertThat(folder.resolve(f)).isRegularFile();
        }
        String pom = Files.readString(folder.resolve("pom.xml"));
        assertThat(pom).contains("<groupId>com.acme</groupId>", "<artifactId>rootfs-distro-my_new_awesome_rootfs</artifactId>",
                "<targetPath>rootfs-distro</targetPath>").doesNotContain("@", "${version.");
        assertThat(pom).containsPattern("maven-jar-plugin</artifactId><version>\\d+\\.\\d+\\.\\d+</version>");
        assertThat(folder.resolve("rootfs_lib.sh")).content().contains("build_rootfs()", InitCheck.STUB_MARKER);
        assertThat(folder.resolve("distro.properties")).content().contains("id=my_new_awesome_rootfs");
        ConfigSh config = ConfigSh.read(folder.resolve("config.sh"));
        assertThat(config.osVersion()).isEqualTo("1.0");
        assertThat(config.get("OS_NAME")).isEqualTo("my_new_awesome_rootfs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a/b", "..", "../x", "my distro", ".hidden", "-x"})
    void refusesNamesThatCannotBeFoldersOrArtifactIds(String name) {
        assertThatThrownBy(() -> DistroScaffold.write(distros, name, "g", false)).hasMessageContaining("-Dname=");
        assertThat(distros).isEmptyDirectory();
    }

    @Test
    void existingFolderNeedsForce() throws IOException {
        Path folder = Files.createDirectories(distros.resolve("taken"));
        Files.writeString(folder.resolve("config.sh"), "mine");
        Files.writeString(folder.resolve("notes.txt"), "keep");
        assertThatThrownBy(() -> DistroScaffold.write(distros, "taken", "g", false))
                .hasMessageContaining("exists already").hasMessageContaining("-Dforce=true");
        assertThat(folder.resolve("config.sh")).hasContent("mine");
        DistroScaffold.write(distros, "taken", "g", true);
        assertThat(folder.resolve("config.sh")).content().contains("OS_NAME=taken");
        assertThat(folder.resolve("notes.txt")).hasContent("keep");
    }

    @Test
    void theStubFailsTheInitCheckWithWhatToDo() throws IOException {
        Path folder = DistroScaffold.write(distros, "stubby", "g", false);
        Path rootfs = Files.createDirectories(distros.resolve("rootfs"));
        assertThatThrownBy(() -> InitCheck.check(rootfs, folder, io.rootfs.api.Arch.X86_64))
                .hasMessage("The rootfs has no executable /sbin/init, so the guest cannot boot. build_rootfs in "
                        + folder.resolve("rootfs_lib.sh") + " is still the scaffold's stub: implement it so that it"
                        + " installs the distro with an init system (or set rootfs.agentInit=true with an agent).");
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.acme</groupId><evil/><groupId>x", "a b", "com..acme", ".com", "com.acme.", "${x}", ""})
    void refusesAGroupIdThatIsNotOne(String groupId) {
        assertThatThrownBy(() -> DistroScaffold.write(distros, "fine", groupId, false))
                .hasMessageStartingWith("rootfs.groupId=" + groupId + " is not a Maven groupId");
        assertThat(distros.resolve("fine")).doesNotExist();
    }

    @Test
    void neverWritesThroughALinkEvenWithForce() throws IOException {
        Path elsewhere = Files.createDirectories(distros.resolveSibling(distros.getFileName() + "-elsewhere"));
        Files.writeString(elsewhere.resolve("pom.xml"), "precious");
        Files.createSymbolicLink(distros.resolve("linked"), elsewhere);
        assertThatThrownBy(() -> DistroScaffold.write(distros, "linked", "com.acme", true))
                .hasMessageContaining("is a link or a file, not a folder");
        assertThat(elsewhere.resolve("pom.xml")).hasContent("precious");
        // a link where one of the files goes is replaced, never written through
        Path folder = DistroScaffold.write(distros, "mine", "com.acme", false);
        Files.delete(folder.resolve("README.md"));
        Files.createSymbolicLink(folder.resolve("README.md"), elsewhere.resolve("pom.xml"));
        DistroScaffold.write(distros, "mine", "com.acme", true);
        assertThat(elsewhere.resolve("pom.xml")).hasContent("precious");
        assertThat(folder.resolve("README.md")).isRegularFile();
    }
}
