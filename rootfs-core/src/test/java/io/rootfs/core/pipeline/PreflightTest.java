package io.rootfs.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.api.AgentSource;
import io.rootfs.api.Arch;
import io.rootfs.api.BuildLog;
import io.rootfs.api.BuildRequest;
import io.rootfs.api.DistroDescriptor;
import io.rootfs.core.RootfsException;
import io.rootfs.core.distro.ConfigSh;
import io.rootfs.core.distro.Distro;
import io.rootfs.core.distro.DistroSource;
import io.rootfs.core.host.Host;
import io.rootfs.core.host.HostAptSources;
import io.rootfs.core.host.HostProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightTest {
    @TempDir
    Path tmp;
    Path project;
    Path bin;
    Path etcApt;
    Distro distro;

    @BeforeEach
    void setUp() throws IOException {
        project = Files.createDirectories(tmp.resolve("project"));
        bin = Files.createDirectories(tmp.resolve("bin"));
        executable(bin.resolve("bash"));
        executable(bin.resolve("debootstrap"));
        etcApt = Files.createDirectories(tmp.resolve("etc-apt"));
        Files.writeString(etcApt.resolve("sources.list"), "deb http://mirror.example/debian bookworm main\n");
        distro = distro("OS_VERSION=${OS_VERSION:-bookworm}\nARCH_EXCLUDE_LIST=(s390x ppc64le)\n",
                "mmdebstrap|debootstrap");
    }

    Distro distro(String config, String tools) throws IOException {
        return distro(config, tools, "");
    }

    Distro distro(String config, String tools, String installHint) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("distros/debian"));
        Files.writeString(folder.resolve("config.sh"), config);
        DistroDescriptor d = new DistroDescriptor("debian", "Debian", tools.isEmpty() ? List.of()
                : List.of(List.of(tools.split("\\|"))), true, "active", List.of("mmdebstrap"), installHint, false, "");
        return new Distro(d, ConfigSh.read(folder.resolve("config.sh")), folder, null, DistroSource.LOCAL, folder.toString());
    }

    static void executable(Path p) throws IOException {
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    BuildRequest.Builder request() {
        return BuildRequest.builder().distro("debian").projectDir(project).buildDir(project.resolve("target"))
                .arch(Arch.X86_64);
    }

    Map<String, String> hostEnv = Map.of();

    PreparedBuild check(BuildRequest r, boolean root) {
        return check(r, root, Optional.empty());
    }

    /** The real probe of a PATH folder, told which user it runs as and what the user namespace check found. */
    HostProbe probe(boolean root, Optional<String> namespaceProblem) {
        return new HostProbe(bin.toString()) {
            @Override
            public boolean isRoot() {
                return root;
            }

            @Override
            public Optional<String> userNamespaceProblem() {
                return namespaceProblem;
            }
        };
    }

    /** A preflight check of the request with that probe, and the host build's problem thrown. */
    PreparedBuild check(BuildRequest r, boolean root, Optional<String> namespaceProblem) {
        Host host = new Host(probe(root, namespaceProblem), new HostAptSources(etcApt), hostEnv, tmp.resolve("home"));
        Preflight preflight = new Preflight(host, c -> tmp.resolve("resolved-" + c), BuildLog.stderr());
        PreparedBuild prepared = preflight.check(r, distro);
        preflight.hostProblem(r, distro).ifPresent(e -> {
            throw e;
        });
        return prepared;
    }

    @Test
    void acceptsAGoodRequestAndTakesTheMirrorFromApt() {
        PreparedBuild p = check(request().build(), true);
        assertThat(p.mirror()).isEqualTo("http://mirror.example/debian");
        assertThat(p.agentFile()).isNull();
        assertThat(p.output().target()).isEqualTo(project.resolve("target/rootfs"));
    }

    @Test
    void excludedArchNamesTheList() {
        assertThatThrownBy(() -> check(request().arch(Arch.S390X).build(), true))
                .hasMessage("Distro debian does not build for s390x: its ARCH_EXCLUDE_LIST is (s390x ppc64le)."
                        + " Choose another -Drootfs.arch or another distro (mvn rootfs:list shows what each excludes).");
    }

    @Test
    void agentMustExistAndBeExecutable() throws IOException {
        Path missing = tmp.resolve("nope/kata-agent");
        assertThatThrownBy(() -> check(request().agent(new AgentSource.Binary(missing)).build(), true))
                .hasMessageStartingWith("rootfs.agent=" + missing + " does not exist");
        Path plain = Files.writeString(tmp.resolve("kata-agent"), "x");
        assertThatThrownBy(() -> check(request().agent(new AgentSource.Binary(plain)).build(), true))
                .hasMessage("rootfs.agent=" + plain + " is not executable. Run chmod +x " + plain + ".");
        Path folder = Files.createDirectories(tmp.resolve("agent-folder"));
        assertThatThrownBy(() -> check(request().agent(new AgentSource.Binary(folder)).build(), true))
                .hasMessageStartingWith("rootfs.agent=" + folder + " is a folder. Give the kata-agent executable itself");
        Files.setAttribute(plain, "unix:mode", 04777);
        assertThatThrownBy(() -> check(request().agent(new AgentSource.Binary(plain)).build(), true))
                .hasMessageContaining("with mode 4777, writable by everyone: refusing it");
    }

    @Test
    void anAgentForAnotherArchitectureIsRefusedBeforeAnyWork() throws IOException {
        // this machine's own program as the agent of an arm64 guest, and FIXTURE arm64 code as the agent of an x86_64 one
        Path x86 = Files.copy(Path.of("/usr/bin/true"), tmp.resolve("x86-agent"));
        assertThatThrownBy(() -> check(request().arch(Arch.AARCH64).agent(new AgentSource.Binary(x86)).build(), true))
                .hasMessage("rootfs.agent=" + x86 + " is a program for x86_64, and the guest is aarch64 (rootfs.arch): the"
                        + " guest could not start it. Give the kata-agent built for aarch64 (a Kata release for aarch64, or"
                        + " cargo build --target aarch64-unknown-linux-musl), or build for x86_64.");
        Path arm = io.rootfs.testkit.FixtureAgent.build(tmp.resolve("arm"), Arch.AARCH64);
        assertThat(check(request().arch(Arch.AARCH64).agent(new AgentSource.Binary(arm)).build(), true).agentFile())
                .isEqualTo(arm.toRealPath());
        assertThatThrownBy(() -> check(request().agent(new AgentSource.Binary(arm)).build(), true))
                .hasMessageStartingWith("rootfs.agent=" + arm + " is a program for aarch64, and the guest is x86_64");
    }

    @Test
    void anImageOrInitrdWithoutAnAgentIsRefusedBeforeAnyWork() {
        io.rootfs.api.OutputSpec image = new io.rootfs.api.OutputSpec(List.of("directory", "image"), null, null, null,
                true, 0, false);
        assertThatThrownBy(() -> check(request().outputs(image).build(), true))
                .hasMessageStartingWith("Kata's image needs the kata-agent, and none was given");
        io.rootfs.api.OutputSpec tar = new io.rootfs.api.OutputSpec(List.of("tar"), null, null, null, true, 0, false);
        assertThat(check(request().outputs(tar).build(), true).files()).hasSize(1);
    }

    @Test
    void badPackageNamesAndOwnedVariablesAreRefusedBeforeAnyWork() throws IOException {
        assertThatThrownBy(() -> check(request().extraPackages(List.of("hello", "$(reboot)")).build(), true))
                .hasMessageStartingWith("rootfs.extraPackages holds '$(reboot)', which is not a package name");
        assertThatThrownBy(() -> check(request().packages(List.of("a;b")).build(), true))
                .hasMessageStartingWith("rootfs.packages holds 'a;b'");
        assertThatThrownBy(() -> check(request().environment(java.util.Map.of("PATH", "/evil")).build(), true))
                .hasMessageStartingWith("<environment> sets PATH, which the plugin sets itself");
    }

    @Test
    void aNegativeKeepDaysIsRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> check(request().packageCacheKeepDays(-1).build(), true))
                .hasMessageStartingWith("rootfs.packageCache.keepDays=-1: must be 0 or more");
        assertThat(check(request().packageCacheKeepDays(0).build(), true).mirror()).isNotNull();
    }

    @Test
    void agentAsInitNeedsAnAgent() throws IOException {
        assertThatThrownBy(() -> check(request().agentInit(true).build(), true))
                .hasMessageContaining("rootfs.agentInit=true) but no agent was given");
        distro = distro("INIT_PROCESS=kata-agent\n", "");
        assertThatThrownBy(() -> check(request().build(), true))
                .hasMessageContaining("as distro debian requires) but no agent was given");
    }

    @Test
    void artifactAgentIsResolvedBeforeWork() {
        PreparedBuild p = check(request().agent(new AgentSource.Artifact("g:a:tar.gz:1")).build(), true);
        assertThat(p.agentFile()).isEqualTo(tmp.resolve("resolved-g:a:tar.gz:1"));
    }

    @Test
    void missingToolsSayWhatWasProbedAndHowToInstall() throws IOException {
        Files.delete(bin.resolve("debootstrap"));
        assertThatThrownBy(() -> check(request().build(), true))
                .matches(e -> !((RootfsException) e).isUserError())
                .hasMessage("Distro debian needs one of mmdebstrap, debootstrap on this machine; none is on the PATH ("
                        + bin + "). Install it: apt-get install mmdebstrap (Debian/Ubuntu).");
    }

    @Test
    void aDistroCanSayHowToGetItsPackageManager() throws IOException {
        distro = distro("", "apk|apk.static", "Take apk.static from Alpine and set PKG_MANAGER.");
        assertThatThrownBy(() -> check(request().build(), true))
                .hasMessage("Distro debian needs one of apk, apk.static on this machine; none is on the PATH ("
                        + bin + "). Take apk.static from Alpine and set PKG_MANAGER.");
    }

    @Test
    void pkgManagerStandsForThePackageManager() throws IOException {
        distro = distro("", "apk|apk.static", "");
        Path apk = tmp.resolve("opt/apk.static");
        Files.createDirectories(apk.getParent());
        executable(apk);
        check(request().environment(Map.of("PKG_MANAGER", apk.toString())).build(), true);
        executable(bin.resolve("my-apk"));
        check(request().environment(Map.of("PKG_MANAGER", "my-apk")).build(), true);
        assertThatThrownBy(() -> check(request().environment(Map.of("PKG_MANAGER", "/opt/nowhere/apk")).build(), true))
                .matches(e -> ((RootfsException) e).isUserError())
                .hasMessage("PKG_MANAGER=/opt/nowhere/apk (in <environment>) is not an executable file nor a program on"
                        + " the PATH (" + bin + "). Give the path of apk or apk.static, or leave PKG_MANAGER unset.");
    }

    @Test
    void notRootWithoutAnUnprivilegedMethodIsRefused() throws IOException {
        Path folder = distro.folder();
        distro = new Distro(DistroDescriptor.ofFolder("rootonly"), distro.config(), folder, null, DistroSource.LOCAL,
                folder.toString());
        assertThatThrownBy(() -> check(request().build(), false))
                .hasMessageStartingWith("Distro rootonly builds only as root").hasMessageContaining("sudo -E mvn");
    }

    @Test
    void notRootNeedsTheUnprivilegedToolAndAUserNamespace() throws IOException {
        assertThatThrownBy(() -> check(request().build(), false))
                .hasMessageContaining("needs mmdebstrap in a user namespace, but mmdebstrap is not on the PATH"
                        + " (apt-get install mmdebstrap). Run Maven as root (sudo -E mvn ...), or fix that.");
        executable(bin.resolve("mmdebstrap"));
        assertThatThrownBy(() -> check(request().build(), false, Optional.of("/etc/subuid has no range for me")))
                .hasMessageContaining("but /etc/subuid has no range for me.");
        assertThat(check(request().build(), false, Optional.empty()).output().target())
                .isEqualTo(project.resolve("target/rootfs"));
    }

    @Test
    void theRealProbeNamesWhatIsMissing() {
        // an empty PATH: whatever this machine has, newuidmap cannot be found on it
        assertThat(new HostProbe(tmp.resolve("empty").toString()).userNamespaceProblem())
                .contains("newuidmap/newgidmap are not on the PATH (apt-get install uidmap)");
    }

    @Test
    void mirrorOrderAndValidation() throws IOException {
        assertThat(check(request().mirror("http://given.example/debian").build(), true).mirror())
                .isEqualTo("http://given.example/debian");
        hostEnv = Map.of("REPO_URL", "file:///srv/mirror"); // Kata users export REPO_URL
        assertThat(check(request().build(), true).mirror()).isEqualTo("file:///srv/mirror");
        assertThat(check(request().mirror("http://given.example/debian").build(), true).mirror())
                .isEqualTo("http://given.example/debian");
        hostEnv = Map.of();
        assertThatThrownBy(() -> check(request().environment(Map.of("REPO_URL", "http://other")).build(), true))
                .hasMessageContaining("<environment> sets REPO_URL, which the plugin sets itself")
                .hasMessageContaining("-Drootfs.mirror");
        assertThatThrownBy(() -> check(request().mirror("deb.example debian").build(), true))
                .hasMessageStartingWith("rootfs.mirror=deb.example debian is not a mirror URL");
        Files.writeString(etcApt.resolve("sources.list"), "");
        assertThatThrownBy(() -> check(request().build(), true))
                .hasMessageStartingWith("No mirror for Debian: set -Drootfs.mirror=URL")
                .hasMessageContaining(etcApt.resolve("sources.list").toString());
    }

    @Test
    void missingOverlayOrModulesFolder() {
        assertThatThrownBy(() -> check(request().overlay(tmp.resolve("none")).build(), true))
                .hasMessageStartingWith("rootfs.overlay=" + tmp.resolve("none") + " is not a folder");
        assertThatThrownBy(() -> check(request().kernelModules(tmp.resolve("none")).build(), true))
                .hasMessageStartingWith("rootfs.kernelModules=");
    }

    /** A preflight whose probe runs as root or not, with or without user namespaces; unshare on the PATH. */
    Preflight preflight(boolean root, Optional<String> namespaceProblem) throws IOException {
        executable(bin.resolve("unshare"));
        return new Preflight(new Host(probe(root, namespaceProblem), new HostAptSources(etcApt), hostEnv,
                tmp.resolve("home")),
                c -> tmp.resolve("resolved-" + c), BuildLog.stderr());
    }

    @Test
    void theNativeBackendRunsTheScriptsWhereItCanAndElseReproducesThem() throws IOException {
        Path folder = tmp.resolve("distros/debian");
        DistroDescriptor d = new DistroDescriptor("debian", "Debian", List.of(List.of("mmdebstrap")), true, "active",
                List.of("mmdebstrap"), "", false, "deb");
        Distro debian = new Distro(d, ConfigSh.read(folder.resolve("config.sh")), folder, null, DistroSource.LOCAL, "x");
        Optional<String> noNamespaces = Optional.of("user namespaces are refused");
        BuildRequest nativeHere = request().backend(io.rootfs.api.Backend.NATIVE).build();
        // root, or a user namespace: the scripts run
        assertThat(BackendChoice.choose(nativeHere, debian, preflight(true, Optional.empty()), Map.of()).runScripts()).isTrue();
        assertThat(BackendChoice.choose(nativeHere, debian, preflight(false, Optional.empty()), Map.of()).runScripts())
                .isTrue();
        // without either: reproduced (auto), refused before any work (run)
        BackendChoice without = BackendChoice.choose(nativeHere, debian, preflight(false, noNamespaces), Map.of());
        assertThat(without.runScripts()).isFalse();
        assertThat(without.why()).contains("effects reproduced, as they cannot run here");
        BuildRequest mustRun = request().backend(io.rootfs.api.Backend.NATIVE)
                .maintainerScripts(io.rootfs.api.MaintainerScripts.RUN).build();
        assertThatThrownBy(() -> BackendChoice.choose(mustRun, debian, preflight(false, noNamespaces), Map.of()))
                .hasMessageContaining("user namespaces are refused")
                .hasMessageContaining("-Drootfs.maintainerScripts=declarative");
        // asked for: reproduced even where they could run
        BuildRequest declarative = request().maintainerScripts(io.rootfs.api.MaintainerScripts.DECLARATIVE).build();
        BackendChoice asked = BackendChoice.choose(declarative, debian, preflight(true, Optional.empty()), Map.of());
        assertThat(asked.backend()).isEqualTo(io.rootfs.api.Backend.NATIVE);
        assertThat(asked.runScripts()).isFalse();
        // another architecture: auto builds natively, the scripts reproduced; run refuses
        Arch other = Arch.host() == Arch.AARCH64 ? Arch.X86_64 : Arch.AARCH64;
        BackendChoice foreign = BackendChoice.choose(request().arch(other).build(), debian, preflight(true, Optional.empty()),
                Map.of());
        assertThat(foreign.backend()).isEqualTo(io.rootfs.api.Backend.NATIVE);
        assertThat(foreign.runScripts()).isFalse();
        assertThatThrownBy(() -> BackendChoice.choose(request().arch(other).backend(io.rootfs.api.Backend.NATIVE)
                .maintainerScripts(io.rootfs.api.MaintainerScripts.RUN).build(), debian, preflight(true, Optional.empty()),
                Map.of())).hasMessageContaining("no emulation is used");
    }
}
