// A FIXTURE CentOS Stream 9 BaseOS mirror, and the FIXTURE key where the build fetches CentOS's key from.
import io.rootfs.testkit.*

def fixture = FixtureMirror.prepare(basedir)
fixture.rpmRepo("centos/9-stream/BaseOS/x86_64/os", [FixturePackage.systemd(),
        FixturePackage.chrony("/etc/chrony.conf", "/usr/lib/systemd/system/chronyd.service")], true)
        .file("keys/RPM-GPG-KEY-CentOS-Official", fixture.key().publicKey().toFile().text)
        .serve(context)
true
