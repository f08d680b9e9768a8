// The FIXTURE distro envprobe and the FIXTURE agent.
import io.rootfs.plugin.fixture.*
ContainerFixtures.envProbe(basedir)
FixtureAgent.build(basedir.toPath().resolve("target/fixture-agent"))
true
