// FIXTUREs: the static agent, and Debian's kernel with an initramfs for the modules it needs to mount a root.
io.rootfs.testkit.FixtureAgent.build(new File(basedir, "target/fixture-agent").toPath())
io.rootfs.testkit.BootFixture.build(new File(basedir, "target/fixture-kernel").toPath())
true
