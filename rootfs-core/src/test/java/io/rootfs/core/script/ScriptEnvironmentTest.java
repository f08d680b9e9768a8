package io.rootfs.core.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.api.Arch;
import io.rootfs.api.BuildRequest;
import io.rootfs.api.DistroDescriptor;
import io.rootfs.api.Proxy;
import io.rootfs.core.RootfsException;
import io.rootfs.core.distro.ConfigSh;
import io.rootfs.core.distro.Distro;
import io.rootfs.core.distro.DistroSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptEnvironmentTest {
    final Distro distro = new Distro(DistroDescriptor.ofFolder("acme"), ConfigSh.parse(""), Path.of("/p/distros/acme"),
            null, DistroSource.LOCAL, "/p/distros/acme");

    Map<String, String> env(BuildRequest r, Map<String, String> host) {
        return ScriptEnvironment.of(r, distro, r.agentInit(), Path.of("/p/target/rootfs.work/staging"), Path.of("/p/target/rootfs.work"),
                Path.of("/p/target/rootfs.work/tmp"), Path.of("/p/target/rootfs.work/build-report.env"),
                "http://m.example/debian", host, "/usr/bin:/bin");
    }

    BuildRequest.Builder request() {
        return BuildRequest.builder().distro("acme").projectDir(Path.of("/p")).buildDir(Path.of("/p/target"))
                .arch(Arch.AARCH64).sourceDateEpoch(1700000000);
    }

    @Test
    void kataVariablesAreAllThere() {
        Map<String, String> env = env(request().osVersion("9").seccomp(true).agentInit(true)
                .packages(List.of("a", "b")).build(), Map.of());
        assertThat(env).containsEntry("ROOTFS_DIR", "/p/target/rootfs.work/staging")
                .containsEntry("TMPDIR", "/p/target/rootfs.work/tmp")
                .containsEntry("ROOTFS_WORK_DIR", "/p/target/rootfs.work")
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
    void agentInitImpliedByTheDistroReachesTheScriptsAndDebianNamesTheArch() {
        // INIT_PROCESS=kata-agent makes the preflight decide agentInit without -Drootfs.agentInit
        Map<String, String> env = ScriptEnvironment.of(request().build(), distro, true,
                Path.of("/p/target/rootfs.work/staging"), Path.of("/p/target/rootfs.work/run"),
                Path.of("/p/target/rootfs.work/run/tmp"), Path.of("/p/target/rootfs.work/run/r"), null, Map.of(), "/bin");
        assertThat(env).containsEntry("AGENT_INIT", "yes").containsEntry("ROOTFS_DEB_ARCH", "arm64")
                .containsEntry("ROOTFS_REPORT_VARIABLES", "OS_NAME OS_VERSION PACKAGES EXTRA_PKGS REPO_INDEX_URL");
    }

    @Test
    void extraPackagesMergeParameterAndKataVariablesOnce() {
        Map<String, String> env = env(request().extraPackages(List.of("vim", "curl")).build(),
                Map.of("EXTRA_PKGS", "curl  less", "EXTRA_PKG", "strace"));
        assertThat(env).containsEntry("EXTRA_PKGS", "vim curl less strace");
    }

    @Test
    void proxiesPassButNothingElseLeaksAndUserVariablesArrive() {
        Map<String, String> env = env(request().environment(Map.of("https_proxy", "http://mine:1", "MY_FLAG", "1"))
                .build(), Map.of("https_proxy", "http://proxy:3128", "SECRET_TOKEN", "x", "OS_VERSION", "host"));
        assertThat(env).containsEntry("https_proxy", "http://mine:1").containsEntry("MY_FLAG", "1")
                .doesNotContainKey("SECRET_TOKEN").doesNotContainKey("OS_VERSION");
    }

    @Test
    void variablesThePluginOwnsAreRefusedNamingTheParameterToUse() {
        for (String owned : ScriptEnvironment.OWNED.keySet()) {
            assertThatThrownBy(() -> env(request().environment(Map.of(owned, "/elsewhere")).build(), Map.of()))
                    .as(owned).isInstanceOf(RootfsException.class)
                    .hasMessageStartingWith("<environment> sets " + owned + ", which the plugin sets itself");
        }
        assertThatThrownBy(() -> ScriptEnvironment.checkUserVariables(Map.of("ROOTFS_DIR", "/srv")))
                .hasMessage("<environment> sets ROOTFS_DIR, which the plugin sets itself for the distro scripts. Remove"
                        + " it and use -Drootfs.dir instead.");
        assertThatThrownBy(() -> ScriptEnvironment.checkUserVariables(Map.of("TMPDIR", "/")))
                .hasMessageEndingWith("and which cannot be replaced. Remove it.");
        assertThatThrownBy(() -> ScriptEnvironment.checkUserVariables(Map.of("A=B", "x")))
                .hasMessageContaining("'A=B', which is not a variable name");
        for (String code : List.of("BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PS4", "IFS", "LD_PRELOAD",
                "LD_LIBRARY_PATH", "BASH_FUNC_build_rootfs%%", "APT_CONFIG")) {
            assertThatThrownBy(() -> ScriptEnvironment.checkUserVariables(Map.of(code, "x"))).as(code)
                    .isInstanceOf(RootfsException.class);
        }
        assertThatThrownBy(() -> ScriptEnvironment.checkUserVariables(Map.of("BASH_ENV", "/tmp/evil.sh")))
                .hasMessageStartingWith("<environment> sets BASH_ENV, which makes the shell, the loader or a tool run"
                        + " code");
    }

    @Test
    void anEmptyVariableIsTheEmptyString() {
        java.util.HashMap<String, String> given = new java.util.HashMap<>();
        given.put("EMPTY", null); // what Maven gives for <EMPTY></EMPTY>
        assertThat(env(request().environment(given).build(), Map.of())).containsEntry("EMPTY", "");
    }

    @Test
    void packageNamesAreNamesNotShellWords() {
        ScriptEnvironment.checkPackages("rootfs.extraPackages", List.of("hello", "libc6:amd64", "bash=5.2-1", "g++",
                "/usr/bin/vi", "perl-Foo_1.2~rc1"));
        for (String bad : List.of("a;rm", "$(id)", "`id`", "*", "a b", "-o=x", "x|y", "x>y", "{a,b}")) {
            assertThatThrownBy(() -> ScriptEnvironment.checkPackages("rootfs.extraPackages", List.of(bad)))
                    .as(bad).hasMessageStartingWith("rootfs.extraPackages holds '" + bad + "', which is not a package name");
        }
    }

    @Test
    void mavenProxiesBecomeTheProxyVariablesWhereTheShellSetNone() {
        Proxy http = new Proxy("http", "proxy.corp", 3128, "jo", "p@ss word", "localhost|*.corp|10.0.0.1");
        Map<String, String> env = env(request().proxies(List.of(http)).build(), Map.of());
        assertThat(env).containsEntry("http_proxy", "http://jo:p%40ss%20word@proxy.corp:3128")
                .containsEntry("HTTPS_PROXY", "http://jo:p%40ss%20word@proxy.corp:3128")
                .containsEntry("no_proxy", "localhost,.corp,10.0.0.1");
        // an https proxy carries https; a variable the shell set wins over settings.xml
        Proxy https = new Proxy("https", "secure.corp", 8443, null, null, null);
        env = env(request().proxies(List.of(http, https)).build(), Map.of("http_proxy", "http://shell:1"));
        assertThat(env).containsEntry("http_proxy", "http://shell:1").containsEntry("https_proxy", "http://secure.corp:8443");
    }

    @Test
    void aContainerGetsTheSameVariablesWithItsOwnPathAndHome() {
        Map<String, String> host = env(request().build(), Map.of("HOME", "/home/jo"));
        Map<String, String> inside = ScriptEnvironment.inContainer(host);
        assertThat(inside.keySet()).containsExactlyElementsOf(host.keySet());
        assertThat(inside).containsEntry("PATH", ScriptEnvironment.CONTAINER_PATH).containsEntry("HOME", "/root");
        host.forEach((k, v) -> {
            if (!k.equals("PATH") && !k.equals("HOME")) {
                assertThat(inside).containsEntry(k, v);
            }
        });
    }
}
