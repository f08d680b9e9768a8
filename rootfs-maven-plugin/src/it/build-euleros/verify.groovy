// EulerOS's config.sh and the generic dnf build against the FIXTURE tree.
import io.rootfs.testkit.*

FixtureMirror.stop(context)
def log = new File(basedir, "build.log").text
def rootfs = new File(basedir, "target/rootfs")
assert GuestChecks.installed(rootfs) == ["chrony", "iptables", "systemd"] as Set
GuestChecks.finishedWithSystemd(rootfs, "/etc/chrony.conf", "/usr/lib/systemd/system/chronyd.service")
assert GuestChecks.osbuilderYaml(rootfs).contains('  name: "EulerOS"\n  version: "2.2"')
assert log =~ /Built euleros 2.2: 3 packages installed/
true
