// <environment> cannot replace a variable the plugin owns: refused before any work, naming the parameter to use.
def log = new File(basedir, "build.log").text
assert log.contains("<environment> sets ROOTFS_DIR, which the plugin sets itself for the distro scripts. Remove it and"
        + " use -Drootfs.dir instead.")
assert new File(basedir, "precious/data").text == "precious\n"
assert new File(basedir, "precious").list().length == 1
assert !new File(basedir, "target/rootfs.work").exists() : "a build started"
true
