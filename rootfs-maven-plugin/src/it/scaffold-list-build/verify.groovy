// scaffold writes a complete distro project; list shows it at once; building it fails on the stub;
// mvn install makes it an artifact that list resolves by coordinates.
def folder = new File(basedir, "distros/my_new_awesome_rootfs")
["pom.xml", "distro.properties", "config.sh", "rootfs_lib.sh", "Dockerfile.in", "README.md"].each {
    assert new File(folder, it).isFile() : "scaffold did not write $it"
}
assert new File(folder, "pom.xml").text.contains("<artifactId>rootfs-distro-my_new_awesome_rootfs</artifactId>")
def log = new File(basedir, "build.log").text
def rows = log.readLines().collect { it.replaceFirst(/^\[INFO\] /, "") }
assert rows.find { it ==~ /^my_new_awesome_rootfs\s+my_new_awesome_rootfs\s+1\.0\s+systemd\s+-\s+active\s+local folder .*my_new_awesome_rootfs$/ } : "list did not show the new distro"
def stub = "build_rootfs in ${folder.canonicalPath}/rootfs_lib.sh is still the scaffold's stub: implement it"
assert log.contains(stub) : "no stub message"
def readme = new File(folder, "README.md").text
assert !readme.contains("folder above") && readme.contains("-Ddistro=path/to/my_new_awesome_rootfs")
// goals 3 and 6 fail on the same stub
assert log.readLines().count { it.startsWith("[ERROR] Failed to execute goal") && it.contains(stub) } == 2 :
        "-Ddistro=distros/my_new_awesome_rootfs did not name the same distro"
assert log.contains("The rootfs has no executable /sbin/init")
assert !new File(basedir, "target/rootfs").exists() : "a failed build left a rootfs"
assert !new File(basedir, "target/rootfs.work/staging").exists() : "a failed build left its staging folder"
def jar = new File(localRepositoryPath, "io/rootfs/it/rootfs-distro-my_new_awesome_rootfs/1.0.0-SNAPSHOT/rootfs-distro-my_new_awesome_rootfs-1.0.0-SNAPSHOT.jar")
assert jar.isFile() : "mvn install did not make the distro an artifact"
def entries = new java.util.zip.ZipFile(jar).entries().collect { it.name }
assert entries.containsAll(["rootfs-distro/config.sh", "rootfs-distro/rootfs_lib.sh", "rootfs-distro/distro.properties", "rootfs-distro/Dockerfile.in"])
assert rows.find { it ==~ /^my_new_awesome_rootfs\s+.*\s+coordinates io\.rootfs\.it:rootfs-distro-my_new_awesome_rootfs:1\.0\.0-SNAPSHOT$/ } : "list did not resolve the installed artifact"
true
