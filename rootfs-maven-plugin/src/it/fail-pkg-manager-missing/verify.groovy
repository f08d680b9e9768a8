// A PKG_MANAGER that is not there is refused before any work, with the programs it stands for.
def log = new File(basedir, "build.log").text
assert log.contains("PKG_MANAGER=/opt/nowhere/apk.static (in <environment>) is not an executable file nor a program on the PATH")
assert log.contains("Give the path of apk or apk.static, or leave PKG_MANAGER unset.")
assert !new File(basedir, "target/rootfs").exists() && !new File(basedir, "target/rootfs.work").exists() : "a build started"
true
