// fail-unknown-distro: the build fails before any work, with a message that says what to do.
def log = new File(basedir, "build.log").text
assert log.contains("""Unknown distro 'debain'. Did you mean 'debian'? Known: alpine, centos, clearlinux, debian, euleros, fedora, suse, ubuntu. Run mvn rootfs:list to see them, or give full coordinates (-Ddistro=groupId:artifactId:version).""") : "build.log lacks the expected message"
assert !new File(basedir, "target/rootfs").exists() : "a rootfs was written"
assert !new File(basedir, "target/rootfs.work").exists() : "a build started"
true
