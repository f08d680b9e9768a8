// With a remote engine the scripts go in and the rootfs comes out as tar streams, owners and device nodes kept.
import io.rootfs.testkit.*
import java.nio.file.*

context.get("tcpEngine").destroy()
def log = new File(basedir, "build.log").text
assert log.contains("Backend: container (USE_DOCKER=true; engine tcp://127.0.0.1:23750, from DOCKER_HOST)")
assert log.contains("Engine tcp://127.0.0.1:23750 is remote: copying the scripts in as a tar stream")
assert log.contains("Copying the rootfs out of the container as a tar stream")
def rootfs = new File(basedir, "target/rootfs")
def seen = new File(rootfs, "etc/envprobe").text
assert seen.contains("OS_VERSION=probe-9\n") && seen.contains("MY_SETTING=from-the-pom\n")
assert Files.readSymbolicLink(new File(rootfs, "sbin/init").toPath()).toString() == "../usr/lib/systemd/systemd"
assert Files.getAttribute(new File(rootfs, "etc/fixture-null").toPath(), "unix:mode") & 020000
assert GuestChecks.osbuilderYaml(rootfs).contains('  name: "envprobe"\n  version: "probe-9"')
assert ContainerFixtures.allContainers().isEmpty() : "containers left behind: ${ContainerFixtures.allContainers()}"
true
