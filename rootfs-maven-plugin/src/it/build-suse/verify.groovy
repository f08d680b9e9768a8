// openSUSE's config.sh and rootfs_lib.sh (zypper --root) against the FIXTURE repository, the key imported first.
import io.rootfs.testkit.*

FixtureMirror.stop(context)
def log = new File(basedir, "build.log").text
def rootfs = new File(basedir, "target/rootfs")
assert GuestChecks.installed(rootfs) == ["chrony", "coreutils", "iptables", "kmod", "libudev1", "systemd"] as Set
GuestChecks.finishedWithSystemd(rootfs, "/etc/chrony.conf", "/usr/lib/systemd/system/chronyd.service")
assert GuestChecks.osbuilderYaml(rootfs).contains('  name: "openSUSE-Leap"\n  version: "15.6"')
assert log =~ /Built suse 15\.6: 6 packages installed/
// the fixture has no update repository: the build says so and goes on
assert log.contains("WARNING: No update repository at http://127.0.0.1:")
// zypper's caches, logs and repository files of the build machine are not part of the guest
assert !new File(rootfs, "var/cache/zypp").exists() && !new File(rootfs, "var/log/zypp").exists()
true
