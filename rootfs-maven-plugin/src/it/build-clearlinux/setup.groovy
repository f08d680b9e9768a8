// A FIXTURE Clear Linux mirror (as an archived copy would be): latest names release 43950; 43000 is there too.
// Clear's RPM repository is not signed, so neither are these packages.
import io.rootfs.testkit.*

def packages = [FixturePackage.systemd(), FixturePackage.chrony("/etc/chrony.conf", "/usr/lib/systemd/system/chronyd.service")] +
        FixturePackage.named("libudev0-shim", "kmod-bin", "iptables-bin", "util-linux-bin")
FixtureMirror.prepare(basedir)
        .rpmRepo("clearlinux/releases/43950/clear/x86_64/os", packages, false)
        .rpmRepo("clearlinux/releases/43000/clear/x86_64/os", packages, false)
        .file("clearlinux/latest", "43950\n")
        .serve(context)
true
