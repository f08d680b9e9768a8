// Two hostile distro jars in the local repository, and the folders they aim at, each holding a file.
import java.util.zip.*

def victim = new File(basedir, "victim")
victim.mkdirs()
new File(victim, "precious").text = "precious data\n"
def absolute = new File(basedir, "victim-absolute")
absolute.mkdirs()
new File(absolute, "precious").text = "precious data\n"

def install(String artifactId, String id) {
    def dir = new File(localRepositoryPath, "io/rootfs/it/$artifactId/1.0")
    dir.mkdirs()
    new File(dir, "$artifactId-1.0.pom").text = """<project><modelVersion>4.0.0</modelVersion>
<groupId>io.rootfs.it</groupId><artifactId>$artifactId</artifactId><version>1.0</version></project>
"""
    new ZipOutputStream(new FileOutputStream(new File(dir, "$artifactId-1.0.jar"))).withCloseable { zip ->
        [("rootfs-distro/distro.properties"): "id=$id\nname=Evil\n",
         ("rootfs-distro/config.sh"): "OS_VERSION=1\n",
         ("rootfs-distro/rootfs_lib.sh"): "build_rootfs() { touch \"\$1/ran\"; }\n"].each { name, text ->
            zip.putNextEntry(new ZipEntry(name))
            zip.write(text.bytes)
            zip.closeEntry()
        }
    }
}
// relative to the old unpack folder target/rootfs-work/distros/, "../../../victim" was this project's victim/
install("evil-relative", "../../../victim")
install("evil-absolute", absolute.absolutePath)
true
