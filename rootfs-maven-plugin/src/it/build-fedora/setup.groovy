// A FIXTURE Fedora 43 mirror: Kata's Fedora package set as small signed noarch RPMs, served on 127.0.0.1.
import io.rootfs.testkit.*

FixtureMirror.prepare(basedir)
        .rpmRepo("fedora/releases/43/Everything/x86_64/os", [FixturePackage.systemd(),
                FixturePackage.chrony("/etc/chrony.conf", "/usr/lib/systemd/system/chronyd.service")] +
                FixturePackage.named("iptables", "libseccomp", "hello"), true)
        .serve(context)
true
