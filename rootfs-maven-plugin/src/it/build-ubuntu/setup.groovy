// A FIXTURE Ubuntu archive: suite "resolute", made of real Debian bookworm .debs from this machine's Debian
// mirror, signed with a FIXTURE key served where the build fetches Ubuntu's key from.
import io.rootfs.testkit.*

def fixture = FixtureMirror.prepare(basedir)
def debianMirror = new io.rootfs.core.host.HostAptSources().mirror().get()
fixture.aptRepo("ubuntu", "resolute", ["chrony", "iptables", "dbus", "init", "hello"], debianMirror)
        .file("keys/ubuntu-archive.asc", fixture.key().publicKey().toFile().text)
        .serve(context)
true
