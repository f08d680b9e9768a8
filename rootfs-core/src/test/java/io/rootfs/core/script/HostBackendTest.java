package io.rootfs.core.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rootfs.core.host.HostProbe;
import io.rootfs.core.host.Mounts;
import io.rootfs.testkit.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Kata driver under bash, over distro folders written the way Kata's are. */
class HostBackendTest {
    @TempDir
    Path tmp;
    Path scriptDir;
    Path rootfs;
    Path work;
    final RecordingLog log = new RecordingLog();
    final List<String> lines = log.lines;

    @BeforeEach
    void folders() throws IOException {
        scriptDir = Files.createDirectories(tmp.resolve("distros"));
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        work = Files.createDirectories(tmp.resolve("work"));
    }

    @AfterEach
    void noMountLeft() {
        new Mounts().unmountUnder(tmp); // a failing test's, so the folder can go
    }

    Path distro(String id, String config, String lib) throws IOException {
        Path d = Files.createDirectories(scriptDir.resolve(id));
        Files.writeString(d.resolve("config.sh"), config);
        if (lib != null) {
            Files.writeString(d.resolve("rootfs_lib.sh"), lib);
        }
        return d;
    }

    Map<String, String> env(Path distro, String arch) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("ROOTFS_DIR", rootfs.toString());
        env.put("CONFIG_DIR", distro.toString());
        env.put("script_dir", scriptDir.toString());
        env.put("ARCH", arch);
        env.put("EXTRA_PKGS", "extra1 extra2");
        env.put("ROOTFS_DISTRO_ID", distro.getFileName().toString());
        env.put("ROOTFS_WORK_DIR", work.toString());
        env.put("ROOTFS_REPORT", work.resolve("report").toString());
        env.put("ROOTFS_REPORT_VARIABLES", String.join(" ", BuildReport.VARIABLES));
        env.put("DNF_CONF", work.resolve("dnf.conf").toString());
        return env;
    }

    ScriptRun run(Map<String, String> env) {
        return new ScriptRun(env, work, work.resolve("build.log"), rootfs, null, group -> { });
    }

    @Test
    void kataFolderRunsWithHelpersArchConfigAndScriptDir() throws IOException {
        distro("base", "BASE_VALUE=from-base\n", null);
        Path d = distro("child", """
                OS_NAME=child
                OS_VERSION=${OS_VERSION:-7}
                source "${script_dir}/base/${CONFIG_SH}"
                PACKAGES="p1 p2"
                """, """
                build_rootfs() {
                	local dir=$1
                	check_program bash || die "no bash"
                	check_program surely-not-a-program && die "found a missing program"
                	info "building into ${dir}"
                	OK "helpers work"
                	warning "a warning"
                	mkdir -p "${dir}/etc"
                	echo "${BASE_VALUE} ${ARCH_VALUE} ${EXTRA_PKGS} ${CONFIG_DIR}" > "${dir}/etc/probe"
                }
                """);
        Files.writeString(d.resolve("config_aarch64.sh"), "ARCH_VALUE=arm\nPACKAGES+=\" p3\"\n");
        KataDriver.write(work);
        new HostBackend(log).run(run(env(d, "aarch64")));
        assertThat(rootfs.resolve("etc/probe")).hasContent("from-base arm extra1 extra2 " + d);
        assertThat(lines).contains("  | INFO: building into " + rootfs, "  | [OK] helpers work",
                "  | WARNING: a warning");
        assertThat(BuildReport.read(work.resolve("report")).values()).containsEntry("OS_NAME", "child")
                .containsEntry("OS_VERSION", "7").containsEntry("PACKAGES", "p1 p2 p3")
                .containsEntry("EXTRA_PKGS", "extra1 extra2").doesNotContainKey("INIT_PROCESS");
    }

    @Test
    void failureCarriesExitCodeAndTheErrorLine() throws IOException {
        Path d = distro("broken", "OS_VERSION=1\n", """
                build_rootfs() {
                	info "about to fail"
                	die "the mirror said no"
                }
                """);
        assertThatThrownBy(() -> new HostBackend(log).run(run(env(d, "x86_64"))))
                .hasMessage("The distro's build_rootfs failed with exit code 1: ERROR: the mirror said no (Its whole"
                        + " output: " + work.resolve("build.log") + ")");
        // the cause once in the headline; every line streamed and kept in the log file
        assertThat(lines).contains("  | INFO: about to fail", "  | ERROR: the mirror said no");
        assertThat(work.resolve("build.log")).hasContent("INFO: about to fail\nERROR: the mirror said no");
    }

    @Test
    void replacedPackageListAndGenericDnfConfig() throws IOException {
        Path d = distro("rpmish", """
                OS_NAME=Rpmish
                OS_VERSION=${OS_VERSION:-40}
                PACKAGES="systemd"
                BASE_URL="file:///srv/rpmish/"
                GPG_KEY_FILE="RPM-GPG-KEY-test"
                """, """
                build_rootfs() {
                	generate_dnf_config
                	cp "${DNF_CONF}" "$1/dnf.conf"
                	echo "${PACKAGES}" > "$1/packages"
                }
                """);
        Files.writeString(d.resolve("RPM-GPG-KEY-test"), "key");
        Map<String, String> env = env(d, "x86_64");
        env.put("ROOTFS_PACKAGES", "bash coreutils");
        new HostBackend(log).run(run(env));
        assertThat(rootfs.resolve("packages")).hasContent("bash coreutils");
        assertThat(rootfs.resolve("dnf.conf")).content().contains("[base]", "name=Rpmish-40 base",
                "baseurl=file:///srv/rpmish/", "gpgcheck=1", "gpgkey=file://" + d.resolve("RPM-GPG-KEY-test"));
    }

    @Test
    void anUnreachableRepositoryFailsBeforeBuildRootfs() throws IOException {
        Path d = distro("rpmish", """
                OS_NAME=Rpmish
                MIRROR_LIST="http://127.0.0.1:1/metalink?arch=\\$basearch"
                """, "build_rootfs() { touch \"$1/built\"; }\n");
        assertThatThrownBy(() -> new HostBackend(log).run(run(env(d, "x86_64"))))
                .hasMessageContaining("ERROR: Cannot use the Rpmish repository at http://127.0.0.1:1/metalink?arch=x86_64 (")
                .hasMessageContaining("Set -Drootfs.mirror=URL (REPO_URL) to a mirror this machine reaches");
        assertThat(rootfs.resolve("built")).doesNotExist();
    }

    @Test
    void packageListsAreSplitIntoWordsNeverGlobbed() throws IOException {
        Files.writeString(work.resolve("a-file-a-glob-would-find"), "");
        Path d = distro("globs", "PACKAGES=\"base  *  [a]*\"\n", """
                build_rootfs() {
                	local pkgs
                	split_words pkgs "${PACKAGES}" "${EXTRA_PKGS}"
                	printf '<%s>' "${pkgs[@]}" > "$1/words"
                }
                """);
        new HostBackend(log).run(run(env(d, "x86_64")));
        assertThat(rootfs.resolve("words")).hasContent("<base><*><[a]*><extra1><extra2>");
        assertThat(BuildReport.read(work.resolve("report")).values()).containsEntry("PACKAGES", "base * [a]*");
    }

    @Test
    void nothingTheScriptStartedOutlivesIt() throws Exception {
        Path pidFile = work.resolve("daemon.pid");
        Path d = distro("daemon", "OS_VERSION=1\n", """
                build_rootfs() {
                	# a daemon such as gpg-agent that a build leaves running, its output closed
                	sleep 300 >/dev/null 2>&1 &
                	echo $! > "%s"
                }
                """.formatted(pidFile));
        new HostBackend(log).run(run(env(d, "x86_64")));
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        for (int i = 0; i < 50 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("the watchdog stops what the build left running").isFalse();
    }

    @Test
    void whatTheScriptMountsGoesWithItEvenKilled() throws Exception {
        assumeTrue(!new HostProbe().ownMountNamespace().isEmpty(), "needs root that may make a mount namespace");
        Path d = distro("mounts", "OS_VERSION=1\n", """
                build_rootfs() {
                	mkdir -p "$1/proc"
                	mount -t tmpfs scratch "$1/proc"
                	touch "$1/proc/mounted"
                	# killed with everything it started, before its tool could unmount (no trap runs on SIGKILL)
                	kill -KILL 0
                }
                """);
        assertThatThrownBy(() -> new HostBackend(log).run(run(env(d, "x86_64"))))
                .hasMessageContaining("build_rootfs was stopped by a signal (exit code 137)");
        List<Path> left = new Mounts().under(rootfs);
        for (int i = 0; i < 50 && !left.isEmpty(); i++) {
            Thread.sleep(100);
            left = new Mounts().under(rootfs);
        }
        assertThat(left).as("mounted in the tree after the script was killed").isEmpty();
        assertThat(rootfs.resolve("proc")).isEmptyDirectory();
    }

    @Test
    void aMountLeftInTheTreeFailsTheBuildThoughOnlyItsNamespaceSawIt() throws Exception {
        assumeTrue(new HostProbe().isRoot(), "mounting needs root");
        Path d = distro("leftmount", "OS_VERSION=1\n", """
                build_rootfs() {
                	mkdir -p "$1/opt/app"
                	mount -t tmpfs scratch "$1/opt/app"
                	echo payload > "$1/opt/app/config"
                }
                """);
        assertThatThrownBy(() -> new HostBackend(log).run(run(env(d, "x86_64"))))
                .hasMessageStartingWith("The distro's build_rootfs failed with exit code 1: ERROR: The distro's build_rootfs"
                        + " left 1 mounts in the tree: " + rootfs.toRealPath() + "/opt/app. A guest is not built with"
                        + " anything mounted inside it: its build_rootfs must unmount what it mounts");
        assertThat(new Mounts().under(rootfs)).isEmpty();
    }

    @Test
    void aMountTheHostMakesWhileTheScriptRunsReachesIt() throws Exception {
        assumeTrue(!new HostProbe().ownMountNamespace().isEmpty(), "needs root that may make a mount namespace");
        // a shared folder of the host (as systemd makes /), where a mount comes after the script started (an automount)
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Path later = Files.createDirectories(shared.resolve("later"));
        sh("mount --bind '" + shared + "' '" + shared + "' && mount --make-shared '" + shared + "'");
        Path go = work.resolve("go");
        Path d = distro("waits", "OS_VERSION=1\n", """
                build_rootfs() {
                	touch "$1/started"
                	while [ ! -e "%s" ]; do sleep 0.1; done
                	if grep -q " %s " /proc/self/mountinfo; then echo seen > "$1/later"; else echo unseen > "$1/later"; fi
                }
                """.formatted(go, later));
        Thread build = new Thread(() -> new HostBackend(log).run(run(env(d, "x86_64"))));
        build.start();
        for (int i = 0; i < 100 && !Files.exists(rootfs.resolve("started")); i++) {
            Thread.sleep(100);
        }
        sh("mount -t tmpfs later '" + later + "'");
        Files.writeString(go, "");
        build.join(30_000);
        assertThat(rootfs.resolve("later")).as("the host's later mount, seen from the script").hasContent("seen");
    }

    static void sh(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).inheritIO().start();
        assertThat(p.waitFor()).as(command).isZero();
    }
}
