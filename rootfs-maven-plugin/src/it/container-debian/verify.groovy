// Debian built in a container gives the rootfs the host gives: the same packages at the same versions, the same files.
import io.rootfs.testkit.*
import java.nio.file.*

def log = new File(basedir, "build.log").text
assert log.contains("Backend: host (bash on this machine)")
assert log.contains("Backend: container (rootfs.backend=container; engine unix:///run/podman/podman.sock, from DOCKER_HOST)")
assert log.contains("Builder image: localhost/rootfs-builder-debian:bookworm (rootfs.builderImage)")
// a local engine, Maven as root: the container build gets the package cache the host build filled,
// mounted at the same path, and takes its packages from it (the trees are compared below)
def cached = (log =~ /INFO: Package cache: \S+ \((\d+) packages\)/).collect { it[1] as int }
assert cached.size() == 2 && cached[1] > 100 : "package cache counts per goal: $cached"

def packages(File rootfs) {
    def out = [] as SortedSet
    def name = null
    new File(rootfs, "var/lib/dpkg/status").eachLine { line ->
        if (line.startsWith("Package: ")) name = line.substring(9)
        if (line.startsWith("Version: ")) out << name + " " + line.substring(9)
    }
    out
}
def files(File rootfs) {
    def root = rootfs.toPath()
    def out = [] as SortedSet
    Files.walk(root).forEach { out << root.relativize(it).toString() }
    out
}
def host = new File(basedir, "target/rootfs")
def container = new File(basedir, "target/rootfs-container")
assert packages(host).size() > 100
assert packages(container) == packages(host)
def onlyHost = files(host) - files(container)
def onlyContainer = files(container) - files(host)
assert onlyHost.isEmpty() && onlyContainer.isEmpty() : "file lists differ: host only ${onlyHost.take(10)}, container only ${onlyContainer.take(10)}"
// made by root in the container, owned as the guest wants (Maven runs as root here)
assert Files.getAttribute(new File(container, "usr/bin/su").toPath(), "unix:mode") & 04000
assert Files.getAttribute(new File(container, "etc/shadow").toPath(), "unix:gid") == Files.getAttribute(new File(host, "etc/shadow").toPath(), "unix:gid")
assert ContainerFixtures.allContainers().isEmpty() : "containers left behind: ${ContainerFixtures.allContainers()}"
true
