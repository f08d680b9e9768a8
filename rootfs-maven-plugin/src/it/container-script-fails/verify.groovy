// A script that fails inside the container fails the build with its message and exit code, and leaves no container.
import io.rootfs.testkit.*

def log = new File(basedir, "build.log").text
assert log.contains("The distro's build_rootfs failed with exit code 7: ERROR: the FIXTURE build fails on purpose")
assert log.contains("The previous rootfs (if any) is untouched")
assert !new File(basedir, "target/rootfs").exists() && !new File(basedir, "target/rootfs.work/staging").exists()
assert ContainerFixtures.allContainers().isEmpty() : "containers left behind: ${ContainerFixtures.allContainers()}"
true
