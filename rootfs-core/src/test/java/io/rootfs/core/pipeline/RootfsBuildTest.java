package io.rootfs.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rootfs.api.Backend;
import io.rootfs.api.BuildRequest;
import io.rootfs.core.RootfsException;
import io.rootfs.core.distro.BundledDistros;
import io.rootfs.core.host.Host;
import io.rootfs.core.host.HostAptSources;
import io.rootfs.core.host.HostProbe;
import io.rootfs.core.tree.Manifest;
import io.rootfs.core.tree.TreeEntry;
import io.rootfs.testkit.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole build of a small local distro (busybox as its userspace) through every stage, with real bash. */
class RootfsBuildTest {
    @TempDir
    Path tmp;
    Path project;
    final RecordingLog log = new RecordingLog();

    @BeforeEach
    void project() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "a local distro without unprivileged tools builds as root");
        assumeTrue(Files.isExecutable(Path.of("/bin/busybox")), "needs busybox-static");
        project = Files.createDirectories(tmp.resolve("project"));
        distro("tiny", """
                build_rootfs() {
                	mkdir -p "$1/bin" "$1/sbin" "$1/etc"
                	cp /bin/busybox "$1/bin/busybox"
                	ln -s /bin/busybox "$1/sbin/init"
                	echo "${MARK:-first}" > "$1/etc/mark"
                }
                """);
        distro("broken", "build_rootfs() { touch \"$1/half\"; die \"the mirror said no\"; }\n");
    }

    void distro(String id, String lib) throws IOException {
        Path d = Files.createDirectories(project.resolve("distros").resolve(id));
        Files.writeString(d.resolve("config.sh"), "OS_NAME=" + id + "\nOS_VERSION=1\nPACKAGES=\"a b\"\n");
        Files.writeString(d.resolve("rootfs_lib.sh"), lib);
    }

    BuildSummary build(String distro, Map<String, String> env) {
        return build(distro, env, io.rootfs.api.OutputSpec.DEFAULT);
    }

    BuildSummary build(String distro, Map<String, String> env, io.rootfs.api.OutputSpec outputs) {
        return build(BuildRequest.builder().distro(distro).projectDir(project)
                .buildDir(project.resolve("target")).backend(Backend.HOST).environment(env)
                .sourceDateEpoch(1767225600L).outputs(outputs));
    }

    BuildSummary build(BuildRequest.Builder requested) {
        BuildRequest request = requested.build();
        Host host = new Host(new HostProbe(), new HostAptSources(tmp.resolve("no-apt")), Map.of(), tmp.resolve("home"));
        return new RootfsBuild(new BundledDistros("io.rootfs", "0.1", List.of()), c -> {
            throw RootfsException.input("no artifacts here: " + c);
        }, c -> {
            throw RootfsException.input("no artifacts here: " + c);
        }, host, log, "test").run(request);
    }

    @Test
    void everyStageRunsInOrderAndTheTreeIsSwappedInWithItsManifest() throws IOException {
        BuildSummary summary = build("tiny", Map.of());
        assertThat(log.lines.stream().filter(l -> l.startsWith("Stage ")).map(l -> l.split(":")[0]).toList())
                .containsExactly("Stage resolve", "Stage preflight", "Stage up-to-date", "Stage backend", "Stage build_rootfs",
                        "Stage guest", "Stage check", "Stage reproducible", "Stage manifest", "Stage output");
        Path rootfs = project.resolve("target/rootfs");
        assertThat(summary.rootfs()).isEqualTo(rootfs);
        assertThat(rootfs.resolve("etc/mark")).hasContent("first");
        assertThat(rootfs.resolve("var/lib/osbuilder/osbuilder.yaml")).content().contains("name: \"tiny\"");
        Manifest manifest = Manifest.read(project.resolve("target/rootfs.work/manifest"));
        assertThat(manifest.get("bin/busybox").orElseThrow()).extracting(TreeEntry::uid, TreeEntry::mtime)
                .containsExactly(0, 1767225600L);
        assertThat(manifest.get("sbin/init").orElseThrow().target()).isEqualTo("/bin/busybox");
        assertThat(manifest.entries()).allMatch(e -> e.mtime() <= 1767225600L);
        assertThat(project.resolve("target/rootfs.work/staging")).doesNotExist();
    }

    @Test
    void aFailedBuildLeavesThePreviousRootfs() throws IOException {
        build("tiny", Map.of());
        assertThatThrownBy(() -> build("broken", Map.of())).isInstanceOf(RootfsException.class)
                .hasMessageStartingWith("The distro's build_rootfs failed with exit code 1: ERROR: the mirror said no");
        assertThat(project.resolve("target/rootfs/etc/mark")).hasContent("first");
        assertThat(project.resolve("target/rootfs/half")).doesNotExist();
        assertThat(project.resolve("target/rootfs.work/staging")).doesNotExist();
        assertThat(log.lines).contains("The previous rootfs (if any) is untouched: " + project.resolve("target/rootfs"));
        build("tiny", Map.of("MARK", "second"));
        assertThat(project.resolve("target/rootfs/etc/mark")).hasContent("second");
    }

    @Test
    void fileOutputsAloneLeaveNoFolderAndTheReportListsThem() throws IOException {
        build("tiny", Map.of(), new io.rootfs.api.OutputSpec(List.of("tar", "sbom"), "gzip", null, null, true, 0, false));
        Path target = project.resolve("target");
        assertThat(target.resolve("rootfs")).doesNotExist();
        assertThat(target.resolve("rootfs.tar.gz")).isRegularFile();
        String sbom = Files.readString(target.resolve("rootfs.cdx.json"));
        assertThat(sbom).contains("\"bomFormat\": \"CycloneDX\"", "\"timestamp\": \"2026-01-01T00:00:00Z\"",
                "\"name\": \"tiny\"");
        String report = Files.readString(target.resolve("rootfs.build.json"));
        assertThat(report).contains("\"distro\": \"tiny\"", "\"format\": \"tar\"",
                "\"file\": \"" + target.resolve("rootfs.tar.gz") + "\"", "\"stage\": \"build_rootfs\"")
                .doesNotContain("\"rootfs\":");
        assertThat(target.resolve("rootfs.work/outputs.list")).hasContent("rootfs.tar.gz\nrootfs.cdx.json\nrootfs.build.json");
    }

    @Test
    void outsideAProjectAFailedBuildLeavesNothingItMade() throws IOException {
        BuildRequest.Builder broken = BuildRequest.builder().distro("broken").projectDir(project)
                .buildDir(project.resolve("target")).backend(Backend.HOST).leaveNothingOnFailure(true);
        assertThatThrownBy(() -> build(broken)).hasMessageStartingWith("The distro's build_rootfs failed")
                .hasMessageEndingWith("(Its whole output is above.)");
        assertThat(project.resolve("target")).doesNotExist();
        assertThat(log.lines).anyMatch(l -> l.equals("Nothing was built, so nothing is left: removed "
                + project.resolve("target") + ", made by this run outside a project"));
        // a target/ that was there before is the user's: it stays, and only the work folder goes
        Files.writeString(Files.createDirectories(project.resolve("target")).resolve("mine"), "keep");
        assertThatThrownBy(() -> build(broken)).hasMessageEndingWith("(Its whole output is above.)");
        assertThat(project.resolve("target/mine")).hasContent("keep");
        assertThat(project.resolve("target/rootfs.work")).doesNotExist();
        // inside a project, the log of what failed stays
        assertThatThrownBy(() -> build(broken.leaveNothingOnFailure(false))).hasMessageContaining("(Its whole output: ");
        assertThat(project.resolve("target/rootfs.work/build.log")).isRegularFile();
    }

    @Test
    void anUnchangedBuildDoesNothingAndAChangedInputNamesItself() throws IOException {
        // a fixture repository: one index file, as a distro's REPO_PROBE_URL names it
        Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        Files.writeString(mirror.resolve("InRelease"), "Date: first\n");
        Path config = project.resolve("distros/tiny/config.sh");
        Files.writeString(config, Files.readString(config) + "REPO_PROBE_URL=\"${REPO_URL}/InRelease\"\n");
        java.util.function.Supplier<BuildRequest.Builder> tiny = () -> BuildRequest.builder().distro("tiny")
                .projectDir(project).buildDir(project.resolve("target")).backend(Backend.HOST)
                .mirror(mirror.toUri().toString().replaceAll("/$", "")).sourceDateEpoch(1767225600L);
        build(tiny.get());
        log.lines.clear();
        BuildSummary again = build(tiny.get());
        assertThat(log.lines).anyMatch(l -> l.matches("Stage up-to-date: unchanged since 20.*Z \\(\\d+\\.\\d s\\)"))
                .noneMatch(l -> l.startsWith("Stage backend"));
        assertThat(again.rootfs()).isEqualTo(project.resolve("target/rootfs"));
        assertThat(again.files()).extracting(BuildSummary.Output::format).containsExactly("report");

        expectRebuild(tiny.get().extraPackages(List.of("hello")), "rebuilding: rootfs.extraPackages changed");
        expectRebuild(tiny.get(), "rebuilding: rootfs.extraPackages changed"); // and back
        Files.writeString(mirror.resolve("InRelease"), "Date: second\n");
        expectRebuild(tiny.get(), "rebuilding: the repository changed (" + mirror.toUri().toString().replaceAll("/$", "")
                + "/InRelease)");
        Files.writeString(project.resolve("target/rootfs/etc/mark"), "edited");
        expectRebuild(tiny.get(), "rebuilding: etc/mark changed in the rootfs");
        assertThat(project.resolve("target/rootfs/etc/mark")).hasContent("first\n");
        Files.writeString(project.resolve("distros/tiny/rootfs_lib.sh"), "\n", java.nio.file.StandardOpenOption.APPEND);
        expectRebuild(tiny.get(), "rebuilding: distro changed");
        expectRebuild(tiny.get().rebuild(true), "rebuilding: rootfs.rebuild=true");
        Files.delete(project.resolve("target/rootfs.build.json"));
        expectRebuild(tiny.get(), "rebuilding: " + project.resolve("target/rootfs.build.json") + " is missing or changed");
    }

    void expectRebuild(BuildRequest.Builder request, String why) {
        log.lines.clear();
        build(request);
        assertThat(log.lines).anyMatch(l -> l.startsWith("Stage up-to-date: " + why + " ("))
                .anyMatch(l -> l.startsWith("Stage backend"));
    }
}
