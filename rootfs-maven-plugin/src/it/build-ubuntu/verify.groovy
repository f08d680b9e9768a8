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

// the native backend, through the same code as Debian's: the suite from config.sh, the FIXTURE key fetched from
// GPG_KEY_URL and trusted for GPG_KEY_FINGERPRINT only, the same packages installed as mmdebstrap installed
assert log.contains("Backend: native (rootfs.backend=native; deb packages fetched, checked and unpacked in the JVM; maintainer scripts run)")
assert log =~ /Native build: index [\d.]+ s, resolve/
def nativeStatus = new File(basedir, "target/native/var/lib/dpkg/status").text
def installed = { text -> text.split("\n\n").findAll { it.contains("\nStatus: install ok installed\n") }
        .collect { (it =~ /^Package: (.+)/)[0][1] }.sort() }
assert installed(nativeStatus) == installed(status) : "the native build installed another set than mmdebstrap"
assert new File(basedir, "rootfs-ubuntu-resolute-amd64.lock.json").text.contains('"suite": "resolute"')
// the key it fetched is kept in the package cache by its fingerprint, and the offline build took it from there
def keys = new File(localRepositoryPath, ".cache/rootfs-maven-plugin/packages/ubuntu/26.04/x86_64/archive-keys")
def fingerprint = context.userProperties["fixture.fingerprint"].replace(" ", "").toUpperCase()
assert new File(keys, fingerprint).text == new File(basedir, "target/fixture/mirror/keys/ubuntu-archive.asc").text
assert installed(new File(basedir, "target/native-offline/var/lib/dpkg/status").text) == installed(status)
GuestChecks.finishedWithSystemd(new File(basedir, "target/native"), "/etc/chrony/chrony.conf", "/lib/systemd/system/chrony.service")
true
