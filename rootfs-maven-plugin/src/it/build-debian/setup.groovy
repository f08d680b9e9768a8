// Builds the FIXTURE agent: a static program that prints a marker (the real kata-agent cannot be fetched here).
io.rootfs.testkit.FixtureAgent.build(new File(basedir, "target/fixture-agent").toPath())
def units = new File(basedir, "overlay/lib/systemd/system")
units.mkdirs()
new File(units, "foo.service").text = "[Unit]\nDescription=from the overlay\n"
java.nio.file.Files.createSymbolicLink(new File(basedir, "target/overlay-link").toPath(), new File(basedir, "overlay").toPath())
// the package cache starts empty (the IT's folder may hold a previous run's)
new File(basedir, "target/package-cache").deleteDir()
true
