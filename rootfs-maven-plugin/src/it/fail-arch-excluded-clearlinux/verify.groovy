// Clear Linux published x86_64 only: an aarch64 build fails before any work, naming the distro's exclusion list.
def log = new File(basedir, "build.log").text
assert log.contains("Distro clearlinux does not build for aarch64: its ARCH_EXCLUDE_LIST is (aarch64 ppc64le s390x). Choose another -Drootfs.arch or another distro")
assert !log.contains("Stage build_rootfs") && !log.contains("Clear Linux latest")
assert !new File(basedir, "target/rootfs").exists() && !new File(basedir, "target/rootfs.work").exists() : "a build started"
true
