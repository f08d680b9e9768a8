package io.rootfs.core.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.core.RootfsException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistroResolverTest {
    @TempDir
    Path tmp;
    Path project;
    Path distros;
    Path unpack;
    final List<String> resolved = new ArrayList<>();
    BundledDistros bundled = new BundledDistros("io.rootfs", "1.0", List.of("debian", "fedora"));

    @BeforeEach
    void layout() throws IOException {
        project = Files.createDirectories(tmp.resolve("project"));
        distros = Files.createDirectories(project.resolve("distros"));
        unpack = tmp.resolve("project/target/rootfs-work/distros");
    }

    /** A distro jar as the distro modules package it. */
    Path jar(String id, Map<String, String> extra) throws IOException {
        Path jar = tmp.resolve("rootfs-distro-" + id + ".jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            put(zip, "rootfs-distro/distro.properties", "id=" + id + "\nname=" + id.toUpperCase() + "\n");
            put(zip, "rootfs-distro/config.sh", "OS_VERSION=${OS_VERSION:-42}\n");
            for (Map.Entry<String, String> e : extra.entrySet()) {
                put(zip, e.getKey(), e.getValue());
            }
        }
        return jar;
    }

    private static void put(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    DistroResolver resolver(Path jar) {
        return new DistroResolver(bundled, distros, project, coordinates -> {
            resolved.add(coordinates);
            if (jar == null) {
                throw RootfsException.input("Cannot resolve distro " + coordinates);
            }
            return jar;
        });
    }

    @Test
    void bundledIdResolvesThePluginVersionOfItsArtifact() throws IOException {
        Distro found = resolver(jar("fedora", Map.of("rootfs-distro/rootfs_lib.sh", "build_rootfs() { :; }\n")))
                .resolve("fedora");
        assertThat(resolved).containsExactly("io.rootfs:rootfs-distro-fedora:1.0");
        assertThat(found.source()).isEqualTo(DistroSource.BUNDLED);
        assertThat(found.descriptor().name()).isEqualTo("FEDORA");
        assertThat(found.folder()).as("resolving unpacks nothing").isNull();
        assertThat(unpack).doesNotExist();
        Distro d = found.unpackedInto(unpack);
        assertThat(d.folder()).isEqualTo(unpack.resolve("fedora"));
        assertThat(d.folder().resolve("rootfs_lib.sh")).hasContent("build_rootfs() { :; }");
        assertThat(d.scriptDir()).isEqualTo(unpack);
        assertThat(d.config().osVersion()).isEqualTo("42");
    }

    @Test
    void coordinatesResolveAsGiven() throws IOException {
        Distro d = resolver(jar("acme", Map.of())).resolve("com.acme:rootfs-distro-acme:1.2");
        assertThat(resolved).containsExactly("com.acme:rootfs-distro-acme:1.2");
        assertThat(d.source()).isEqualTo(DistroSource.COORDINATES);
        assertThat(d.id()).isEqualTo("acme");
    }

    @Test
    void localFolderWinsAndNeedsNoResolution() throws IOException {
        Files.createDirectories(distros.resolve("fedora"));
        Files.writeString(distros.resolve("fedora/config.sh"), "OS_VERSION=local\n");
        Distro d = resolver(null).resolve("fedora");
        assertThat(d.source()).isEqualTo(DistroSource.LOCAL);
        assertThat(d.folder()).isEqualTo(distros.resolve("fedora"));
        assertThat(d.descriptor().name()).isEqualTo("fedora");
        assertThat(resolved).isEmpty();
    }

    @Test
    void aPathNamesAFolderAnywhereInTheProject() throws IOException {
        Files.createDirectories(project.resolve("kata/rootfs-builder/alpine"));
        Files.writeString(project.resolve("kata/rootfs-builder/alpine/config.sh"), "OS_VERSION=3\n");
        Distro d = resolver(null).resolve("kata/rootfs-builder/alpine");
        assertThat(d.id()).isEqualTo("alpine");
        assertThat(d.scriptDir()).isEqualTo(project.resolve("kata/rootfs-builder"));
    }

    @Test
    void unknownIdSuggestsTheClosestAndList() throws IOException {
        Files.createDirectories(distros.resolve("my_distro"));
        Files.writeString(distros.resolve("my_distro/config.sh"), "");
        assertThatThrownBy(() -> resolver(null).resolve("debain"))
                .isInstanceOf(RootfsException.class)
                .hasMessage("Unknown distro 'debain'. Did you mean 'debian'? Known: debian, fedora, my_distro."
                        + " Run mvn rootfs:list to see them, or give full coordinates"
                        + " (-Ddistro=groupId:artifactId:version).")
                .matches(e -> ((RootfsException) e).isUserError());
        assertThat(resolved).isEmpty();
    }

    @Test
    void emptyNameListsTheKnownIds() {
        assertThatThrownBy(() -> resolver(null).resolve(" "))
                .hasMessageContaining("No distro given. Set -Ddistro=ID (one of debian, fedora)");
    }

    @Test
    void folderWithoutConfigShIsRefused() throws IOException {
        Files.createDirectories(project.resolve("some/dir"));
        assertThatThrownBy(() -> resolver(null).resolve("some/dir")).hasMessageContaining("holds no config.sh");
    }

    @Test
    void aJarThatIsNoDistroSaysSo() throws IOException {
        Path notADistro = tmp.resolve("x.jar");
        try (OutputStream out = Files.newOutputStream(notADistro); ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
        }
        assertThatThrownBy(() -> resolver(notADistro).resolve("com.acme:x:1"))
                .hasMessageContaining("x.jar is not a rootfs distro");
    }

    @Test
    void aJarEntryEscapingItsFolderIsRefused() throws IOException {
        Path evil = jar("evil", Map.of("rootfs-distro/../../escaped.sh", "x"));
        Distro d = resolver(evil).resolve("com.acme:rootfs-distro-evil:1");
        assertThatThrownBy(() -> d.unpackedInto(unpack)).hasMessageContaining("points outside its folder");
        assertThat(tmp.resolve("project/target/escaped.sh")).doesNotExist();
    }

    @Test
    void aHostileIdNeverNamesAFolderAndNothingIsDeleted() throws IOException {
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("precious"), "data");
        for (String id : List.of("../../../victim", tmp.resolve("victim").toString(), "..", "a/b", "x y", "-rf", "")) {
            Path evil = tmp.resolve("evil.jar");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(evil))) {
                put(zip, "rootfs-distro/distro.properties", "id=" + id + "\n");
                put(zip, "rootfs-distro/config.sh", "OS_VERSION=1\n");
            }
            assertThatThrownBy(() -> resolver(evil).resolve("com.acme:evil:1")).as(id)
                    .isInstanceOf(RootfsException.class)
                    .hasMessageStartingWith("com.acme:evil:1 is not a usable distro: its distro.properties says id=")
                    .hasMessageEndingWith("Nothing of it was unpacked or run.");
            DistroResolver.Catalog listed = resolver(evil).all(List.of("com.acme:evil:1"));
            assertThat(listed.unresolved()).anyMatch(m -> m.startsWith("com.acme:evil:1 is not a usable distro"));
        }
        assertThat(victim.resolve("precious")).hasContent("data");
        assertThat(unpack).doesNotExist();
    }

    @Test
    void toolsFromADistroAreProgramNamesNotPathsOrShellWords() throws IOException {
        for (String tools : List.of("/usr/bin/evil", "a;b", "$(id)", "../x")) {
            Path evil = tmp.resolve("tools.jar");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(evil))) {
                put(zip, "rootfs-distro/distro.properties", "id=ok\nhost.tools=" + tools + "\n");
                put(zip, "rootfs-distro/config.sh", "OS_VERSION=1\n");
            }
            assertThatThrownBy(() -> resolver(evil).resolve("com.acme:tools:1")).as(tools)
                    .hasMessageContaining("host.tools names '" + tools + "', which is not a program name");
        }
    }

    @Test
    void allListsLocalThenBundledThenCoordinates() throws IOException {
        Files.createDirectories(distros.resolve("zeta"));
        Files.writeString(distros.resolve("zeta/config.sh"), "");
        Path jar = jar("any", Map.of());
        List<Distro> all = resolver(jar).all(List.of("com.acme:rootfs-distro-acme:2")).distros();
        assertThat(all).extracting(Distro::source).containsExactly(DistroSource.LOCAL, DistroSource.BUNDLED,
                DistroSource.BUNDLED, DistroSource.COORDINATES);
        assertThat(resolved).containsExactly("io.rootfs:rootfs-distro-debian:1.0", "io.rootfs:rootfs-distro-fedora:1.0",
                "com.acme:rootfs-distro-acme:2");
    }

    @Test
    void allStillListsLocalFoldersWhenAnArtifactDoesNotResolve() throws IOException {
        Files.createDirectories(distros.resolve("zeta"));
        Files.writeString(distros.resolve("zeta/config.sh"), "");
        DistroResolver.Catalog catalog = resolver(null).all(List.of());
        assertThat(catalog.distros()).extracting(Distro::id).containsExactly("zeta");
        assertThat(catalog.unresolved()).containsExactly("Cannot resolve distro io.rootfs:rootfs-distro-debian:1.0",
                "Cannot resolve distro io.rootfs:rootfs-distro-fedora:1.0");
    }

    @Test
    void tableShowsWhatListPromises() throws IOException {
        Files.createDirectories(distros.resolve("zeta"));
        Files.writeString(distros.resolve("zeta/config.sh"),
                "OS_VERSION=${OS_VERSION:-9}\nINIT_PROCESS=kata-agent\nARCH_EXCLUDE_LIST=(s390x ppc64le)\n");
        List<String> lines = DistroTable.render(List.of(resolver(null).resolve("zeta")));
        assertThat(lines.get(0)).startsWith("ID").contains("NAME", "OS VERSION", "INIT", "EXCLUDED ARCHES", "SOURCE");
        assertThat(lines.get(1)).matches("zeta\\s+zeta\\s+9\\s+kata-agent\\s+s390x ppc64le\\s+-\\s+local folder .*zeta");
    }
}
