// fail-rootfs-dir-project: the build fails before any work, with a message that says what to do.
def log = new File(basedir, "build.log").text
assert log.contains("""is or holds the project folder""") : "build.log lacks the expected message"
assert !new File(basedir, "target/rootfs").exists() : "a rootfs was written"
assert !new File(basedir, "target/rootfs.work").exists() : "a build started"
true
