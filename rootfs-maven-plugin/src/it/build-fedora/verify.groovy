// Fedora's config.sh and Kata's generic dnf build, run unchanged against the FIXTURE mirror.
import java.nio.file.*

context.get("fixtureServer").close()
def link(File f) { Files.readSymbolicLink(f.toPath()).toString() }
def installed(File rootfs) { new File(rootfs, "usr/share/rootfs-fixture").list() as Set }
def log = new File(basedir, "build.log").text

def rootfs = new File(basedir, "target/rootfs")
assert installed(rootfs) == ["systemd", "chrony", "iptables", "hello"] as Set
assert link(new File(rootfs, "sbin/init")) == "../usr/lib/systemd/systemd"
// the packages went into the guest's rpm database, where a Fedora guest keeps it
assert new File(rootfs, "var/lib/rpm/rpmdb.sqlite").isFile()
assert !new File(rootfs, "root/.rpmdb").exists()
// dnf's logs, history and cache say where and when, not what: gone
assert !new File(rootfs, "var/cache/dnf").exists() && !new File(rootfs, "var/lib/dnf/history.sqlite").exists()
assert new File(rootfs, "var/log").list().findAll { it.startsWith("dnf") || it == "hawkey.log" }.isEmpty()
// the guest finishing ran over what the packages installed
assert new File(rootfs, "etc/chrony.conf").text.contains("refclock PHC /dev/ptp0 poll 3 dpoll -2 offset 0")
assert new File(rootfs, "usr/lib/systemd/system/chronyd.service").text.contains("ConditionPathExists=/dev/ptp0")
assert new File(rootfs, "usr/lib/systemd/system/kata-agent.service").isFile()
assert link(new File(rootfs, "etc/systemd/system/basic.target.wants/kata-containers.target")) == "/usr/lib/systemd/system/kata-containers.target"
def yaml = new File(rootfs, "var/lib/osbuilder/osbuilder.yaml").text
assert yaml.contains('  name: "Fedora"\n  version: "43"')
assert yaml.contains('    default:\n      - "iptables"\n      - "chrony"\n      - "systemd"\n')
assert yaml.contains('    extra:\n      - "hello"')
assert log =~ /Built fedora 43: \d+ packages installed/
assert !log.contains("without signature checks")

// the agent-init and seccomp variations of config.sh: no systemd, libseccomp added
def init = new File(basedir, "target/rootfs-agent-init")
assert installed(init) == ["chrony", "iptables", "libseccomp", "hello"] as Set
assert !Files.isSymbolicLink(new File(init, "sbin/init").toPath())
assert new File(init, "var/lib/osbuilder/osbuilder.yaml").text.contains('agent-is-init-daemon: "yes"')
true
