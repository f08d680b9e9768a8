// A FIXTURE Debian archive (real bookworm .debs from this machine's mirror, signed with a FIXTURE key),
// served with two broken copies, and a small tmpfs for the full-disk case.
import io.rootfs.testkit.*
import java.nio.file.*

def fixture = FixtureMirror.prepare(basedir)
def debianMirror = new io.rootfs.core.host.HostAptSources().mirror().get()
fixture.aptRepo("debian", "bookworm", ["systemd", "iptables", "init", "chrony", "kmod"], debianMirror)
def good = fixture.mirror().resolve("debian")
["corrupt", "missing"].each { copy ->
    ["cp", "-a", good.toString(), fixture.mirror().resolve(copy).toString()].execute().waitFor()
}
def pool = { String copy -> fixture.mirror().resolve(copy).resolve("pool/main") }
def kmod = Files.list(pool("corrupt")).find { it.fileName.toString().startsWith("kmod_") }
def bytes = Files.readAllBytes(kmod)
bytes[bytes.length - 100] = (byte) (bytes[bytes.length - 100] ^ 0xff) // same size, other bytes
Files.write(kmod, bytes)
Files.delete(Files.list(pool("missing")).find { it.fileName.toString().startsWith("kmod_") })
fixture.serve(context)

def small = new File(basedir, "small")
small.mkdirs()
def mount = ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", small.path].execute()
mount.waitFor()
assert mount.exitValue() == 0 : "cannot mount a tmpfs for the full-disk case: " + mount.err.text
true
