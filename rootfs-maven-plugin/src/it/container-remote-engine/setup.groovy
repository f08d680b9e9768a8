// Podman's Docker API on TCP as well (the same engine, reached as a remote one), the FIXTURE distro and agent.
import io.rootfs.testkit.*
ContainerFixtures.envProbe(basedir)
FixtureAgent.build(basedir.toPath().resolve("target/fixture-agent"))
context.put("tcpEngine", ContainerFixtures.serveOverTcp(23750))
true
