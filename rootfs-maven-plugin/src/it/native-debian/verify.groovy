// native-debian: Debian built in the JVM (signed index, resolution, download, unpack, dpkg's database),
// the maintainer scripts run by the guest's own dpkg; both variants boot to the FIXTURE agent; the lock
// file next to the pom gives the same set again.
import groovy.json.JsonSlurper

def log = new File(basedir, "build.log").text
assert log.contains("Backend: native (rootfs.backend=native; deb packages fetched, checked and unpacked in the JVM; maintainer scripts run)")
assert log =~ /Native build: index [\d.]+ s, resolve [\d.]+ s, download [\d.]+ s, unpack [\d.]+ s, database [\d.]+ s, scripts [\d.]+ s/
assert !log.contains("mmdebstrap") : "the native build ran mmdebstrap"
// the guest's own tools ran (dpkg, the scripts), and their CPU is counted beside the JVM's
def cpu = log =~ /Native build: .*; CPU ([\d.]+) s on \d+ cores \(([\d.]+) s of it in processes it started\)/
assert cpu.find() && cpu.group(2).toDouble() > 0 && cpu.group(1).toDouble() > cpu.group(2).toDouble()
// each variant booted to the agent (the image with systemd, the initrd with the agent as init)
assert (log =~ /Verified: the guest came up in every boot/).size() == 2
assert new File(basedir, "target/systemd.work/verify/image.console.log").text.contains("Started")

// the tree holds what dpkg installed: every package configured, systemd as init, the accounts the scripts made
def systemd = new File(basedir, "target/systemd")
def status = new File(systemd, "var/lib/dpkg/status").text
def packages = status.findAll(/(?m)^Package: .*/)
assert packages.size() > 100
assert (status =~ /(?m)^Status: install ok installed$/).size() == packages.size() : "a package is not configured"
assert new File(systemd, "var/lib/dpkg/arch").text == "amd64\n"
assert new File(systemd, "etc/passwd").text =~ /(?m)^_chrony:x:\d+:\d+:/
assert new File(systemd, "etc/passwd").text =~ /(?m)^systemd-network:x:/
assert new File(systemd, "etc/alternatives/awk").canonicalPath.endsWith("mawk")
assert java.nio.file.Files.readSymbolicLink(new File(systemd, "sbin/init").toPath()).toString().contains("systemd")
assert new File(systemd, "etc/ld.so.cache").length() > 0
assert !new File(systemd, "var/log/dpkg.log").exists()
def agentInit = new File(basedir, "target/agent-init")
assert !new File(agentInit, "var/lib/dpkg/status").text.contains("Package: systemd\n")

// the lock file next to the pom: every package with version, architecture, SHA-256 and archive path
def lockFile = new File(basedir, "rootfs-debian-bookworm-amd64.lock.json")
def lock = new JsonSlurper().parse(lockFile)
// a file of the project, to commit: readable by all, as any file the user writes
assert java.nio.file.Files.getPosixFilePermissions(lockFile.toPath()).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)
assert lock."lockfile-version" == 1 && lock.suite == "bookworm"
def names = lock.packages*.name
assert names == names.sort(false) && names.contains("systemd") && names.contains("libc6")
assert lock.packages.every { it.sha256 ==~ /[0-9a-f]{64}/ && it.path.startsWith("pool/main/") }
assert new File(basedir, "rootfs-debian-bookworm-amd64-agent-init.lock.json").text.contains('"asked": [')
// the locked build installed the same set, and the two builds are reproducible: byte-identical tar outputs
def tar = { name -> java.nio.file.Files.readAllBytes(new File(basedir, "target/${name}.tar.zst").toPath()) }
assert java.security.MessageDigest.isEqual(tar("systemd"), tar("locked")) : "the locked rebuild differs from the first build"
// offline (-o): index and packages from the package cache, nothing fetched, the same tree again
assert log =~ /Maven runs offline \(-o\): the repository index and the packages come from the package cache/
assert java.security.MessageDigest.isEqual(tar("systemd"), tar("offline")) : "the offline rebuild differs from the first build"

// the package cache pruned: what no build used for 30 days went, in another release's folder too; what
// another build took a minute ago stayed
def cache = new File(localRepositoryPath, ".cache/rootfs-maven-plugin/packages/debian")
assert log =~ /Package cache \S+: deleted 2 files \(0\.0 MB\) no build used for 30 days \(rootfs.packageCache.keepDays=30\)/
assert !new File(cache, "bookworm/x86_64/debs-by-sha256/" + "e" * 64 + ".deb").exists()
assert !new File(cache, "trixie/x86_64/decoded-by-sha256/" + "e" * 64 + ".00000000.tar").exists()
assert new File(cache, "bookworm/x86_64/debs-by-sha256/" + "d" * 64 + ".deb").exists()

// the build report says where the time went
def report = new JsonSlurper().parse(new File(basedir, "target/systemd.build.json"))
assert report.backend == "native"
assert report.stages*.stage.containsAll(["build_rootfs/index", "build_rootfs/unpack", "build_rootfs/scripts", "build_rootfs/verify"])
// the signature's check too, which ran beside the other phases
assert report.stages.find { it.stage == "build_rootfs/verify" }.seconds > 0
true
