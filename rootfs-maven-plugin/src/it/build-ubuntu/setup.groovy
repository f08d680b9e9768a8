// A FIXTURE Ubuntu archive: suite "resolute", made of real Debian bookworm .debs from this machine's Debian
// mirror, signed with a FIXTURE key served where the build fetches Ubuntu's key from.
import io.rootfs.plugin.fixture.*

def fixture = FixtureMirror.prepare(basedir)
fixture.aptRepo("ubuntu", "resolute", ["chrony", "iptables", "dbus", "init", "hello"])
        .file("keys/ubuntu-archive.asc", fixture.key().publicKey().toFile().text)
        .serve(context)
true
