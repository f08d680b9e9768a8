// FIXTUREs: the static agent, and Debian's kernel with an initramfs for the modules it needs to mount a root.
io.rootfs.testkit.FixtureAgent.build(new File(basedir, "target/fixture-agent").toPath())
io.rootfs.testkit.BootFixture.build(new File(basedir, "target/fixture-kernel").toPath())
// FIXTUREs in the package cache: files of the backend's kinds no build used for 40 days, in this build's release
// folder and in another's, and one another build took a minute ago: the first build deletes the two old ones
def cache = new File(localRepositoryPath, ".cache/rootfs-maven-plugin/packages/debian")
def old = System.currentTimeMillis() - 40L * 24 * 3600 * 1000
def plant = { String path, long time ->
    def f = new File(cache, path)
    f.parentFile.mkdirs()
    f.bytes = new byte[1000]
    f.setLastModified(time)
}
plant("bookworm/x86_64/debs-by-sha256/" + "e" * 64 + ".deb", old)
plant("trixie/x86_64/decoded-by-sha256/" + "e" * 64 + ".00000000.tar", old)
plant("bookworm/x86_64/debs-by-sha256/" + "d" * 64 + ".deb", System.currentTimeMillis() - 60_000)
true
