// Goal 2 took every value from Kata's variables; goal 3's -D values won over them.
def log = new File(basedir, "build.log").text
["OS_VERSION=7 from the environment: rootfs.osVersion", "ROOTFS_DIR=target/from-env from the environment: rootfs.dir",
 "AGENT_INIT=no from the environment: rootfs.agentInit", "AGENT_SOURCE_BIN=target/agent/kata-agent from the environment: rootfs.agent",
 "KERNEL_MODULES_DIR=target/modules/6.1.0-fixture from the environment: rootfs.kernelModules",
 "SECCOMP=no from the environment: rootfs.seccomp", "EXTRA_PKGS=extra-from-env from the environment: added to rootfs.extraPackages",
 "DEBUG=1 from the environment: the distro scripts trace every command"].each {
    assert log.contains("Kata variable " + it) : "not logged: $it"
}
def env = new File(basedir, "target/from-env")
// current Kata's extras, from AGENT_POLICY(_FILE), GUEST_HOOKS_TARBALL and CONFIDENTIAL_GUEST
def link = { File f -> java.nio.file.Files.readSymbolicLink(f.toPath()).toString() }
assert new File(env, "etc/kata-opa/my-policy.rego").text.contains("AllowRequestsFailingPolicy")
assert link(new File(env, "etc/kata-opa/default-policy.rego")) == "my-policy.rego"
assert new File(env, "usr/share/oci/hooks/prestart/fixture-hook.sh").isFile()
assert new File(env, "etc/fstab").text.contains("tmpfs /run tmpfs nodev,nosuid,size=50% 0 0")
assert new File(env, "usr/lib/systemd/system/kata-containers.target").text.contains("Requires=systemd-remount-fs.service")
assert link(new File(env, "etc/systemd/system/kata-containers.target.wants/dbus.socket")) == "/usr/lib/systemd/system/dbus.socket"
assert new File(env, "usr/bin/kata-agent").text.contains("ROOTFS-FIXTURE-AGENT-MARKER")
assert new File(env, "lib/modules/6.1.0-fixture/kernel/fixture.ko").isFile()
def yaml = new File(env, "var/lib/osbuilder/osbuilder.yaml").text
assert yaml.contains('version: "7"') : yaml
assert yaml.contains('"extra-from-env"') && !yaml.contains('"libseccomp"') : yaml
assert log.contains("+ build_rootfs ") || log =~ /\| \+ / : "DEBUG=1 did not make the scripts trace"
// goal 2: the -D values win; the variables left unset by -D still apply
def param = new File(basedir, "target/from-param")
def yaml2 = new File(param, "var/lib/osbuilder/osbuilder.yaml").text
assert yaml2.contains('version: "9"') && yaml2.contains('"libseccomp"') : yaml2
assert new File(param, "usr/bin/kata-agent").isFile()
assert new File(param, "pause_bundle/config.json").text == "{}\n" : "the pause bundle given as Maven coordinates"
assert !new File(env, "pause_bundle").exists()
true
