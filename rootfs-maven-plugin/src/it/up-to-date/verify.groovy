// Each goal's up-to-date line, in order: a build with nothing changed does nothing, a changed
// parameter names itself, rootfs.rebuild forces a build.
def lines = new File(basedir, "build.log").readLines().findAll { it.contains("Stage up-to-date: ") }
        .collect { it.replaceFirst(/^.*Stage up-to-date: /, "").replaceFirst(/ \(\d+\.\d s\)$/, "") }
assert lines.size() == 7 : "one up-to-date line per goal: $lines"
assert lines[0] == "rebuilding: no record of an earlier build"
assert lines[1] ==~ /unchanged since 20\d\d-.*Z/
assert lines[2] == "rebuilding: rootfs.extraPackages changed"
assert lines[3] == "rebuilding: rootfs.rebuild=true"
assert lines[4] ==~ /unchanged since 20\d\d-.*Z/
assert lines[5] ==~ /unchanged since 20\d\d-.*Z/ // offline, the file:// index was still read
assert lines[6] == "rebuilding: rootfs.mirror changed"
def log = new File(basedir, "build.log").text
assert log.contains("Maven runs offline (-o), and this build would fetch the packages of tiny from http://127.0.0.1:9/mirror"
        + " (rebuilding: rootfs.mirror changed), and the package cache holds no index of it (")
assert log.contains("). Run without -o once to fill the cache, or set -Drootfs.mirror=file:///PATH")
assert log.count("Stage build_rootfs: ") == 3 : "the unchanged goals ran the distro's build"
assert new File(basedir, "target/rootfs/tiny-marker").text == "built by tiny\n"
true
