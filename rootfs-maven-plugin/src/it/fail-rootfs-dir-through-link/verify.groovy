// A link on the way to rootfs.dir is followed before the "under target/" check; nothing is written where it leads.
def log = new File(basedir, "build.log").text
def elsewhere = new File(basedir, "elsewhere").canonicalPath
assert log.contains("rootfs.dir=" + new File(basedir, "target/lnk/rootfs").absolutePath + ", which is " + elsewhere
        + "/rootfs, is outside the build directory " + new File(basedir, "target").canonicalPath
        + ". Add -Drootfs.force=true if you mean it")
assert new File(basedir, "elsewhere").list().length == 0 : "the build wrote through the link"
assert !new File(basedir, "target/rootfs.work").exists()
true
