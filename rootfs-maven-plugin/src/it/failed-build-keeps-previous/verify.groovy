// The broken build fails with its script's message and exit code; the first build's rootfs is untouched.
def log = new File(basedir, "build.log").text
assert log.contains("The distro's build_rootfs failed with exit code 1: ERROR: mirror http://127.0.0.1:9/none did not answer")
assert log.contains("INFO: fetching packages")
assert new File(basedir, "target/rootfs/good-marker").text == "first build\n" : "the previous rootfs was lost"
assert !new File(basedir, "target/rootfs/half").exists()
assert !new File(basedir, "target/rootfs.work/staging").exists() : "the failed staging folder was left behind"
true
