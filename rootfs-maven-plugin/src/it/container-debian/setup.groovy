// Builds the FIXTURE agent: a static program that prints a marker (the real kata-agent cannot be fetched here).
io.rootfs.testkit.FixtureAgent.build(new File(basedir, "target/fixture-agent").toPath())
true
