// auto picks a container when the host lacks the distro's tool; <environment>, EXTRA_PKGS and OS_VERSION reach
// the script inside; the Dockerfile.in FROM the local image is built, used, and reused.
import io.rootfs.testkit.*
import java.nio.file.*

def log = new File(basedir, "build.log").text
assert log =~ /Backend: container \(auto: Distro envprobe needs rootfs-it-no-such-tool on this machine; none is on the PATH \([^)]*\); the engine unix:\/\/\/run\/podman\/podman.sock, from DOCKER_HOST answers\)/
assert log =~ /Builder image: building localhost\/rootfs-builder-envprobe:[0-9a-f]{12} from envprobe's Dockerfile.in/
assert log =~ /Builder image: localhost\/rootfs-builder-envprobe:[0-9a-f]{12} \(from envprobe's Dockerfile.in, built before\)/

def rootfs = new File(basedir, "target/rootfs")
def seen = new File(rootfs, "etc/envprobe").text
assert seen.contains("OS_VERSION=probe-9\n")
assert seen.contains("EXTRA_PKGS=extra-one extra-two\n")
assert seen.contains("MY_SETTING=from-the-pom\n")
assert seen.contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n")
assert seen.contains("USER_ID=0\n")
// the image came from the filled Dockerfile.in
assert new File(rootfs, "etc/rootfs-builder-marker").text == "envprobe builder for probe-9 on x86_64\n"
// MKNOD was granted: a device node made inside is in the rootfs
assert Files.getAttribute(new File(rootfs, "etc/fixture-null").toPath(), "unix:mode") & 020000
assert GuestChecks.osbuilderYaml(rootfs).contains('  name: "envprobe"\n  version: "probe-9"')
assert new File(basedir, "target/rootfs-again/etc/envprobe").text == seen
assert ContainerFixtures.allContainers().isEmpty() : "containers left behind: ${ContainerFixtures.allContainers()}"
true
