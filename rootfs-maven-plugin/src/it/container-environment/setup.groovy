// The FIXTURE distro envprobe and the FIXTURE agent; no envprobe image left from an earlier run.
import io.rootfs.testkit.*
ContainerFixtures.envProbe(basedir)
ContainerFixtures.removeImages("localhost/rootfs-builder-envprobe")
FixtureAgent.build(basedir.toPath().resolve("target/fixture-agent"))
true
