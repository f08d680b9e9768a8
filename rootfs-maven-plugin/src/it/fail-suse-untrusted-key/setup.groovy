// A FIXTURE openSUSE Leap 15.6 OSS repository: signed packages and signed repomd.xml, as zypper checks both.
import io.rootfs.testkit.*

FixtureMirror.prepare(basedir)
        .rpmRepo("suse/distribution/leap/15.6/repo/oss", [FixturePackage.systemd(),
                FixturePackage.chrony("/etc/chrony.conf", "/usr/lib/systemd/system/chronyd.service")] +
                FixturePackage.named("coreutils", "libudev1", "iptables", "kmod"), true)
        .serve(context)
true
