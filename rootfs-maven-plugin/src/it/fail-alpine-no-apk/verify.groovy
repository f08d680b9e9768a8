// Alpine needs apk or apk.static; this machine has neither, and the message says how to get one.
def log = new File(basedir, "build.log").text
assert log.contains("Distro alpine needs one of apk, apk.static on this machine; none is on the PATH")
assert log.contains("Debian packages no apk-tools: take sbin/apk.static from Alpine's apk-tools-static package and set PKG_MANAGER=/path/to/apk.static in <environment>.")
assert !log.contains("Stage build_rootfs")
assert !new File(basedir, "target/rootfs").exists() && !new File(basedir, "target/rootfs.work").exists() : "a build started"
true
