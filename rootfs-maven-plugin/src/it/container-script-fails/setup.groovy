// The FIXTURE distro envprobe and the FIXTURE agent.
import io.rootfs.testkit.*
ContainerFixtures.envProbe(basedir)
FixtureAgent.build(basedir.toPath().resolve("target/fixture-agent"))
true
