// CentOS's config.sh and the generic dnf build against the FIXTURE mirror, the key fetched and its fingerprint checked.
import io.rootfs.testkit.*

FixtureMirror.stop(context)
def log = new File(basedir, "build.log").text
def rootfs = new File(basedir, "target/rootfs")
assert log.contains("Fetching the signing key http://127.0.0.1:")
assert GuestChecks.installed(rootfs) == ["chrony", "systemd"] as Set
GuestChecks.finishedWithSystemd(rootfs, "/etc/chrony.conf", "/usr/lib/systemd/system/chronyd.service")
def yaml = GuestChecks.osbuilderYaml(rootfs)
assert yaml.contains('  name: "centos"\n  version: "stream9"')
assert log =~ /Built centos stream9: 2 packages installed/
true
