// Debian built by debootstrap: the same guest, and nothing of the build host left in it.
import java.nio.file.*

def log = new File(basedir, "build.log").text
assert log.contains("I: Base system installed successfully.") : "debootstrap did not run"
// DEBIAN_BOOTSTRAP asks for a tool of the host build: auto keeps to it rather than building natively
assert log.contains("Backend: host (auto: the distro's tools and the privileges are here)")
assert !log.contains("mmdebstrap") : "mmdebstrap ran instead of debootstrap"
def rootfs = new File(basedir, "target/rootfs")
assert Files.isSymbolicLink(new File(rootfs, "sbin/init").toPath())
def status = new File(rootfs, "var/lib/dpkg/status").text
["systemd", "systemd-sysv", "iptables", "chrony", "kmod"].each { assert status.contains("Package: $it\n") : "$it is not installed" }
assert new File(rootfs, "var/cache/apt/archives").listFiles().findAll { it.name.endsWith(".deb") }.isEmpty() : ".debs left behind"
assert new File(rootfs, "var/lib/apt/lists").listFiles().findAll { it.isFile() }.isEmpty() : "package lists left behind"
assert !new File(rootfs, "etc/hostname").exists() : "the host's name leaked into the guest"
assert !new File(rootfs, "var/log/bootstrap.log").exists() : "debootstrap's log left behind"
assert new File(rootfs, "etc/machine-id").length() == 0
assert new File(rootfs, "var/lib/osbuilder/osbuilder.yaml").text.contains('  name: "debian"\n  version: "bookworm"')
true
