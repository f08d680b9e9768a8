// A FIXTURE Fedora 43 mirror: Kata's Fedora package set as small signed noarch RPMs, served on 127.0.0.1.
import io.rootfs.plugin.fixture.*
import java.nio.file.*

def work = basedir.toPath().resolve("target/fixture")
Files.createDirectories(work)
FixtureAgent.build(basedir.toPath().resolve("target/fixture-agent"))
def key = FixtureKey.create(work)
def packages = [FixturePackage.systemd(),
                FixturePackage.chrony("/etc/chrony.conf", "/usr/lib/systemd/system/chronyd.service")] +
        FixturePackage.named("iptables", "libseccomp", "hello")
RpmFixtureRepo.build(work.resolve("mirror/fedora/releases/43/Everything/x86_64/os"), work, packages, key)
def server = FixtureServer.serve(work.resolve("mirror"))
context.put("fixtureServer", server)
context.get("userProperties").put("rootfs.mirror", server.url() + "/fedora")
context.get("userProperties").put("fixture.fingerprint", key.fingerprint())
true
