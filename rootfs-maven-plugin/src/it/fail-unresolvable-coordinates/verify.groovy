// fail-unresolvable-coordinates: the build fails before any work, with a message that says what to do.
def log = new File(basedir, "build.log").text
assert log.contains("""Cannot resolve distro com.acme:rootfs-distro-nowhere:9.9: not in the local repository""") : "build.log lacks the expected message"
assert log.contains("""Check the coordinates, run mvn install in the distro's project, or add the repository that holds it.""") : "build.log lacks the expected message"
assert !new File(basedir, "target/rootfs").exists() : "a rootfs was written"
assert !new File(basedir, "target/rootfs.work").exists() : "a build started"
true
