// Builds the FIXTURE agent: a static program that prints a marker (the real kata-agent cannot be fetched here).
io.rootfs.plugin.fixture.FixtureAgent.build(new File(basedir, "target/fixture-agent").toPath())
true
