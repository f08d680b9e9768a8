// A tree whose init cannot start (its dynamic loader is not in the guest) fails the build instead of booting to nothing.
def log = new File(basedir, "build.log").text
assert log.contains("The guest cannot start /sbin/init: its dynamic loader /lib64/ld-linux-x86-64.so.2 leads to"
        + " /lib64/ld-linux-x86-64.so.2, which is not there")
assert !new File(basedir, "target/rootfs").exists() : "an unbootable tree was swapped in"
assert !new File(basedir, "target/rootfs.work/staging").exists()
true
