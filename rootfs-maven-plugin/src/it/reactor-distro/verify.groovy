// A distro module of the same build, named by artifactId (before it is built: its folder) and by
// coordinates (after it was packaged: its jar), with no dependency on it.
def log = new File(basedir, "build.log").text
assert log =~ /Stage resolve: tiny from io\.rootfs\.it:rootfs-distro-tiny:1\.0 \(the module's folder .*tiny-distro\) \(module of this build\)/
// packaged by then, and never installed: only this build could have given its jar
assert log =~ /Stage resolve: tiny from io\.rootfs\.it:rootfs-distro-tiny:1\.0 \(coordinates\)/
assert !new File(localRepositoryPath, "io/rootfs/it/rootfs-distro-tiny").exists()
["guest", "guest-by-coordinates"].each {
    assert new File(basedir, "$it/target/rootfs/tiny-marker").text == "built by tiny\n"
}
true
