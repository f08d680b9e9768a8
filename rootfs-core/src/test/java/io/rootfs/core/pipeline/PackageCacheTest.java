package io.rootfs.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageCacheTest {

    @Test
    void debsOfTheEarlierLayoutMoveIntoPackagesAndNothingElseMoves(@TempDir Path folder) throws Exception {
        Path packages = Files.createDirectories(folder.resolve(PackageCache.PACKAGES));
        Files.writeString(folder.resolve("hello_2.10-3_amd64.deb"), "deb");
        Files.writeString(folder.resolve("lock"), "");
        Files.createDirectories(folder.resolve("odd.deb"));
        Files.createSymbolicLink(folder.resolve("link.deb"), Path.of("/etc/passwd"));
        assertThat(PackageCache.adoptLoose(folder, packages)).isEqualTo(1);
        assertThat(packages.resolve("hello_2.10-3_amd64.deb")).hasContent("deb");
        assertThat(folder.resolve("lock")).exists();
        assertThat(folder.resolve("odd.deb")).isDirectory();
        assertThat(Files.isSymbolicLink(folder.resolve("link.deb"))).isTrue();
        assertThat(PackageCache.adoptLoose(folder, packages)).isZero();
    }
}
