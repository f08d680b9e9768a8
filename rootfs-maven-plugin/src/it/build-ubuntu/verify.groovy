// Ubuntu's config.sh with Debian's rootfs_lib.sh (as the ubuntu jar carries it), against the FIXTURE archive.
import io.rootfs.testkit.*

FixtureMirror.stop(context)
def log = new File(basedir, "build.log").text
def rootfs = new File(basedir, "target/rootfs")
// 26.04 is asked of the archive as its codename, with the key fetched and checked, and nothing else trusted
assert log =~ /INFO: ubuntu resolute \(amd64\) from http:\/\/127\.0\.0\.1:\d+\/ubuntu with: chrony,iptables,dbus,init,hello/
assert log.contains("INFO: Fetching the signing key http://127.0.0.1:")
// the FIXTURE archive is signed by a key this machine does not trust: the build passing shows mmdebstrap used that key
assert log =~ /INFO: The archive's signatures are checked against .*\/run\/keys\/ubuntu-archive-2018\.asc only/
def status = new File(rootfs, "var/lib/dpkg/status").text
["chrony", "iptables", "dbus", "init", "systemd", "hello"].each { assert status.contains("Package: $it\n") : "$it is not installed" }
GuestChecks.finishedWithSystemd(rootfs, "/etc/chrony/chrony.conf", "/lib/systemd/system/chrony.service")
def yaml = GuestChecks.osbuilderYaml(rootfs)
assert yaml.contains('  name: "ubuntu"\n  version: "26.04"')
assert yaml.contains('    default:\n      - "chrony"\n      - "iptables"\n      - "dbus"\n      - "init"\n')
assert log =~ /Built ubuntu 26\.04: \d+ packages installed/
true
