// fail-backend-native: the native backend refuses, before any work, a distro whose packages it cannot read,
// and a lock file resolved for other packages than the build asks for.
def log = new File(basedir, "build.log").text
assert log.contains("rootfs.backend=native builds distros whose packages the plugin reads itself (Debian and Ubuntu);"
        + " Fedora is not one of them. Build it with -Drootfs.backend=host or container.")
assert log.contains("rootfs.locked=true, but the lock file ${basedir}/rootfs-debian-bookworm-amd64.lock.json was resolved"
        + " for the packages [chrony, init, iptables, kmod, libseccomp2, systemd], and this build asks for [chrony, init,"
        + " iptables, kmod, less, libseccomp2, systemd].")
assert !new File(basedir, "target/rootfs").exists() : "a rootfs was written"
assert !new File(basedir, "target/rootfs.work/staging/usr").exists() : "packages were unpacked"
true
