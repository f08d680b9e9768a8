// fail-arch-excluded: the build fails before any work, with a message that says what to do.
def log = new File(basedir, "build.log").text
assert log.contains("""Distro x86only does not build for aarch64: its ARCH_EXCLUDE_LIST is (aarch64 s390x ppc64le).""") : "build.log lacks the expected message"
assert !new File(basedir, "target/rootfs").exists() : "a rootfs was written"
assert !new File(basedir, "target/rootfs.work").exists() : "a build started"
true
