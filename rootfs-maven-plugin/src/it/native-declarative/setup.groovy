// FIXTUREs: the static agent, and Debian's kernel with an initramfs for the modules it needs to mount a root;
io.rootfs.testkit.FixtureAgent.build(new File(basedir, "target/fixture-agent").toPath())
io.rootfs.testkit.BootFixture.build(new File(basedir, "target/fixture-kernel").toPath())
// and for the arm64 guest: the agent written as arm64 code, Debian's arm64 kernel
io.rootfs.testkit.FixtureAgent.build(new File(basedir, "target/fixture-agent-arm64").toPath(), io.rootfs.api.Arch.AARCH64)
io.rootfs.testkit.BootFixture.debianKernel(new File(basedir, "target/fixture-kernel-arm64").toPath(), io.rootfs.api.Arch.AARCH64)
true
