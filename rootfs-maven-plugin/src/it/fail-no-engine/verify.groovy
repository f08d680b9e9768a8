// No engine answers: the build fails before any work, with what was probed and how to get an engine.
def log = new File(basedir, "build.log").text
assert log.contains("No container engine answers, and rootfs.backend=container needs one. Probed: unix:///nonexistent/docker.sock (no such socket).")
assert log.contains("podman system service --time=0 unix:///run/podman/podman.sock")
assert log.contains("or build on this machine with -Drootfs.backend=host.")
assert !log.contains("Stage build_rootfs")
assert !new File(basedir, "target/rootfs").exists() && !new File(basedir, "target/rootfs.work").exists() : "a build started"
true
