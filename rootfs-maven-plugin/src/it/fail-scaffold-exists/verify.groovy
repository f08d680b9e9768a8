// fail-scaffold-exists: the build fails before any work, with a message that says what to do.
def log = new File(basedir, "build.log").text
assert log.contains("""/distros/taken exists already. Choose another -Dname, or add -Dforce=true to replace its files.""") : "build.log lacks the expected message"
assert !new File(basedir, "target/rootfs").exists() : "a rootfs was written"
assert !new File(basedir, "target/rootfs.work").exists() : "a build started"
assert new File(basedir, "distros/taken/config.sh").text == "OS_VERSION=mine\n" : "an existing distro folder was changed"
true
