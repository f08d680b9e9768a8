// fail-missing-tool: the build fails before any work, with a message that says what to do.
def log = new File(basedir, "build.log").text
assert log.contains("""Distro needstool needs one of rootfs-it-missing-tool, rootfs-it-other-missing-tool on this machine; none is on the PATH""") : "build.log lacks the expected message"
assert log.contains("Nor could the build run in a container: no engine answers (probed: unix:///nonexistent/docker.sock (no such socket)).")
assert !new File(basedir, "target/rootfs").exists() : "a rootfs was written"
assert !new File(basedir, "target/rootfs.work").exists() : "a build started"
true
