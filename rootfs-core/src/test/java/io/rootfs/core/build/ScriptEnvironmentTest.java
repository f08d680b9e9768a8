package io.rootfs.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootfs.api.Arch;
import io.rootfs.api.BuildRequest;
import io.rootfs.api.DistroDescriptor;
import io.rootfs.core.distro.Distro;
import io.rootfs.core.distro.DistroSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptEnvironmentTest {
    final Distro distro = new Distro(DistroDescriptor.ofFolder("acme"), Path.of("/p/distros/acme"),
            DistroSource.LOCAL, "/p/distros/acme");

    Map<String, String> env(BuildRequest r, Map<String, String> host) {
        return ScriptEnvironment.of(r, distro, Path.of("/p/target/rootfs.new"), Path.of("/p/target/rootfs-work"),
                Path.of("/p/target/rootfs-work/report"), "http://m.example/debian", host, "/usr/bin:/bin");
    }

    BuildRequest.Builder request() {
        return BuildRequest.builder().distro("acme").projectDir(Path.of("/p")).buildDir(Path.of("/p/target"))
                .arch(Arch.AARCH64).sourceDateEpoch(1700000000);
    }

    @Test
    void kataVariablesAreAllThere() {
        Map<String, String> env = env(request().osVersion("9").seccomp(true).agentInit(true)
                .packages(List.of("a", "b")).build(), Map.of());
        assertThat(env).containsEntry("ROOTFS_DIR", "/p/target/rootfs.new")
                .containsEntry("CONFIG_DIR", "/p/distros/acme")
                .containsEntry("script_dir", "/p/distros")
                .containsEntry("CONFIG_SH", "config.sh")
                .containsEntry("LIB_SH", "rootfs_lib.sh")
                .containsEntry("ARCH", "aarch64")
                .containsEntry("OS_VERSION", "9")
                .containsEntry("AGENT_INIT", "yes")
                .containsEntry("AGENT_BIN", "kata-agent")
                .containsEntry("SECCOMP", "yes")
                .containsEntry("REPO_URL", "http://m.example/debian")
                .containsEntry("ROOTFS_PACKAGES", "a b")
                .containsEntry("SOURCE_DATE_EPOCH", "1700000000")
                .containsEntry("PATH", "/usr/bin:/bin");
    }

    @Test
    void extraPackagesMergeParameterAndKataVariablesOnce() {
        Map<String, String> env = env(request().extraPackages(List.of("vim", "curl")).build(),
                Map.of("EXTRA_PKGS", "curl  less", "EXTRA_PKG", "strace"));
        assertThat(env).containsEntry("EXTRA_PKGS", "vim curl less strace");
    }

    @Test
    void proxiesPassButNothingElseLeaksAndUserVariablesWin() {
        Map<String, String> env = env(request().environment(Map.of("OS_VERSION", "user", "MY_FLAG", "1")).build(),
                Map.of("https_proxy", "http://proxy:3128", "SECRET_TOKEN", "x", "OS_VERSION", "host"));
        assertThat(env).containsEntry("https_proxy", "http://proxy:3128")
                .containsEntry("OS_VERSION", "user").containsEntry("MY_FLAG", "1")
                .doesNotContainKey("SECRET_TOKEN");
    }
}
