// Fedora's config.sh and Kata's generic dnf build, run unchanged against the FIXTURE mirror.
import io.rootfs.testkit.*
import java.nio.file.*

FixtureMirror.stop(context)
def log = new File(basedir, "build.log").text

def rootfs = new File(basedir, "target/rootfs")
assert GuestChecks.installed(rootfs) == ["chrony", "hello", "iptables", "systemd"] as Set
assert Files.readSymbolicLink(new File(rootfs, "sbin/init").toPath()).toString() == "../usr/lib/systemd/systemd"
GuestChecks.finishedWithSystemd(rootfs, "/etc/chrony.conf", "/usr/lib/systemd/system/chronyd.service")
// the packages went into the guest's rpm database, where a Fedora guest keeps it, checked with the key
assert new File(rootfs, "var/lib/rpm/rpmdb.sqlite").isFile() && !new File(rootfs, "root/.rpmdb").exists()
assert log.contains("Importing GPG key") && !log.contains("without signature checks")
// dnf's logs, history and cache say where and when, not what: gone
assert !new File(rootfs, "var/cache/dnf").exists() && !new File(rootfs, "var/lib/dnf/history.sqlite").exists()
assert new File(rootfs, "var/log").list().findAll { it.startsWith("dnf") || it == "hawkey.log" }.isEmpty()
def yaml = GuestChecks.osbuilderYaml(rootfs)
assert yaml.contains('  name: "Fedora"\n  version: "43"')
assert yaml.contains('    default:\n      - "iptables"\n      - "chrony"\n      - "systemd"\n')
assert yaml.contains('    extra:\n      - "hello"')
assert log =~ /Built fedora 43: 4 packages installed/

// the agent-init and seccomp variations of config.sh: no systemd, libseccomp added
def init = new File(basedir, "target/rootfs-agent-init")
assert GuestChecks.installed(init) == ["chrony", "hello", "iptables", "libseccomp"] as Set
assert !Files.isSymbolicLink(new File(init, "sbin/init").toPath())
assert GuestChecks.osbuilderYaml(init).contains('agent-is-init-daemon: "yes"')
true
