// A FIXTURE EulerOS 2.2 yum tree, as a user's copy of the old repository would be.
import io.rootfs.testkit.*

FixtureMirror.prepare(basedir)
        .rpmRepo("euleros/2.2/os/x86_64", [FixturePackage.systemd(),
                FixturePackage.chrony("/etc/chrony.conf", "/usr/lib/systemd/system/chronyd.service"),
                FixturePackage.of("iptables")], true)
        .serve(context)
true
