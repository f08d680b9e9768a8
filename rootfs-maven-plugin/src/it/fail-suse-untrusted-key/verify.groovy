// zypper checks the repository against openSUSE's key from the jar: a repository signed by another key is refused.
import io.rootfs.testkit.*

FixtureMirror.stop(context)
def log = new File(basedir, "build.log").text
assert !log.contains("Installing:") : "a package was installed from a repository signed by an unknown key"
assert !new File(basedir, "target/rootfs").exists()
assert log.contains("Signature verification failed for repomd.xml")
true
