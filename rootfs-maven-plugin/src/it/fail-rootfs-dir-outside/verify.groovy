// fail-rootfs-dir-outside: the build fails before any work, with a message that says what to do.
def log = new File(basedir, "build.log").text
assert log.contains("""rootfs.dir=/tmp/rootfs-it-outside is outside the build directory""") : "build.log lacks the expected message"
assert log.contains("""Add -Drootfs.force=true if you mean it""") : "build.log lacks the expected message"
assert !new File(basedir, "target/rootfs").exists() : "a rootfs was written"
assert !new File(basedir, "target/rootfs.work").exists() : "a build started"
true
